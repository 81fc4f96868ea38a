/*
 * A stand-in for Windows' bcryptprimitives.dll, for running the assistant
 * and its tests under Wine 8 only (scripts/test-windows.sh). Go 1.22 and
 * later import ProcessPrng from that DLL for crypto/rand and the runtime's
 * random seed; Wine 8 does not ship it, so every Go program fails to start.
 * This answers from RtlGenRandom (advapi32's SystemFunction036), the
 * generator Go itself used before. It is built at test time into the
 * temporary Wine prefix's system32 and is never packaged or shipped: real
 * Windows 10 and 11 have the real DLL.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* RtlGenRandom takes a ULONG length and SIZE_T is 64 bits, so larger
 * requests are answered in pieces. The real ProcessPrng never fails; if
 * RtlGenRandom does, FALSE makes Go stop rather than use bytes that are not
 * random. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
