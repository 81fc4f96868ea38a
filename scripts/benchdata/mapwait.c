/*
 * mapwait: wait until a top-level window with a given name is mapped, and say
 * so at once. scripts/bench.sh times an application's start-up to its window
 * with it: `xdotool search --sync` polls only every half second, far too
 * coarse for start-up times of a few hundred milliseconds; this listens for
 * the X server's MapNotify and PropertyNotify events instead.
 *
 *   mapwait NAME [TIMEOUT_MS]
 *
 * Prints "ready" once it listens (start the application after that line),
 * then "mapped 0xWINDOW" when a viewable child of the root window has the
 * name NAME (WM_NAME or _NET_WM_NAME, compared exactly). Exits 0 then, 1 on
 * timeout (default 30 s), 2 on usage errors or without a display.
 *
 * Build: gcc -O2 -o mapwait mapwait.c -lX11
 */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static Display *dpy;
static Atom net_wm_name, utf8_string;
static const char *want;

/* has_name reports whether w's WM_NAME or _NET_WM_NAME equals want */
static int has_name(Window w) {
  int found = 0;
  char *name = NULL;
  if (XFetchName(dpy, w, &name) && name) {
    found = strcmp(name, want) == 0;
    XFree(name);
  }
  if (!found) {
    Atom type;
    int format;
    unsigned long n, rest;
    unsigned char *data = NULL;
    if (XGetWindowProperty(dpy, w, net_wm_name, 0, 1024, False, utf8_string,
                           &type, &format, &n, &rest, &data) == Success &&
        data) {
      found = type == utf8_string && strlen(want) == n &&
              memcmp(data, want, n) == 0;
      XFree(data);
    }
  }
  return found;
}

static int viewable(Window w) {
  XWindowAttributes a;
  return XGetWindowAttributes(dpy, w, &a) && a.map_state == IsViewable;
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int ignore_errors(Display *d, XErrorEvent *e) {
  (void)d;
  (void)e;
  return 0; /* windows may vanish between event and query */
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: mapwait NAME [TIMEOUT_MS]\n");
    return 2;
  }
  want = argv[1];
  long long timeout = argc == 3 ? atoll(argv[2]) : 30000;
  dpy = XOpenDisplay(NULL);
  if (!dpy) {
    fprintf(stderr, "mapwait: cannot open display\n");
    return 2;
  }
  XSetErrorHandler(ignore_errors);
  net_wm_name = XInternAtom(dpy, "_NET_WM_NAME", False);
  utf8_string = XInternAtom(dpy, "UTF8_STRING", False);
  Window root = DefaultRootWindow(dpy);
  XSelectInput(dpy, root, SubstructureNotifyMask);
  XSync(dpy, False);

  /* Windows that exist already: watch their names, and check them. */
  Window r, parent, *kids = NULL;
  unsigned int nkids = 0;
  if (XQueryTree(dpy, root, &r, &parent, &kids, &nkids)) {
    for (unsigned int i = 0; i < nkids; i++) {
      XSelectInput(dpy, kids[i], PropertyChangeMask);
      if (viewable(kids[i]) && has_name(kids[i])) {
        printf("ready\nmapped 0x%lx\n", kids[i]);
        return 0;
      }
    }
    if (kids)
      XFree(kids);
  }
  printf("ready\n");
  fflush(stdout);

  long long deadline = now_ms() + timeout;
  struct pollfd pfd = {.fd = ConnectionNumber(dpy), .events = POLLIN};
  for (;;) {
    while (XPending(dpy)) {
      XEvent ev;
      XNextEvent(dpy, &ev);
      Window w = 0;
      if (ev.type == CreateNotify) {
        /* Hear about names set after the window is mapped, too. */
        XSelectInput(dpy, ev.xcreatewindow.window, PropertyChangeMask);
      } else if (ev.type == MapNotify && ev.xmap.event == root) {
        w = ev.xmap.window;
      } else if (ev.type == PropertyNotify &&
                 (ev.xproperty.atom == XA_WM_NAME ||
                  ev.xproperty.atom == net_wm_name)) {
        w = ev.xproperty.window;
      }
      if (w && viewable(w) && has_name(w)) {
        printf("mapped 0x%lx\n", w);
        fflush(stdout);
        return 0;
      }
    }
    long long left = deadline - now_ms();
    if (left <= 0) {
      fprintf(stderr, "mapwait: no window named \"%s\" within %lld ms\n", want,
              timeout);
      return 1;
    }
    poll(&pfd, 1, (int)(left > 100 ? 100 : left));
  }
}
