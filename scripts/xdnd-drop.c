/*
 * xdnd-drop: drop files on an X11 window the way a file manager does, by
 * speaking the XDND protocol (https://freedesktop.org/wiki/Specifications/XDND/)
 * as the drag source. xdotool can move the pointer but cannot drag files;
 * this lets the real-window test drop a real file on the assistant.
 *
 *   xdnd-drop WINDOW X Y FILE...
 *
 * WINDOW is the target's X window id (decimal or 0x hex), X and Y a point in
 * the window. Exits 0 once the target reports the drop finished and
 * accepted, 1 when it refuses it or does not answer within 10 seconds, 2 on
 * usage errors.
 *
 * Build: gcc -O2 -o xdnd-drop xdnd-drop.c -lX11
 */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

static Display *dpy;
static Atom XdndAware, XdndEnter, XdndPosition, XdndStatus, XdndDrop,
    XdndFinished, XdndLeave, XdndSelection, XdndActionCopy, UriList;

static void die(int code, const char *msg) {
  fprintf(stderr, "xdnd-drop: %s\n", msg);
  exit(code);
}

/* send a client message of the XDND family to the target */
static void send_msg(Window target, Atom type, long l0, long l1, long l2,
                     long l3, long l4) {
  XEvent ev;
  memset(&ev, 0, sizeof ev);
  ev.xclient.type = ClientMessage;
  ev.xclient.display = dpy;
  ev.xclient.window = target;
  ev.xclient.message_type = type;
  ev.xclient.format = 32;
  ev.xclient.data.l[0] = l0;
  ev.xclient.data.l[1] = l1;
  ev.xclient.data.l[2] = l2;
  ev.xclient.data.l[3] = l3;
  ev.xclient.data.l[4] = l4;
  XSendEvent(dpy, target, False, NoEventMask, &ev);
  XFlush(dpy);
}

/* wait for the next event, up to the deadline; 0 on timeout */
static int next_event(XEvent *ev, time_t deadline) {
  while (!XPending(dpy)) {
    if (time(NULL) >= deadline)
      return 0;
    fd_set fds;
    FD_ZERO(&fds);
    FD_SET(ConnectionNumber(dpy), &fds);
    struct timeval tv = {0, 100000};
    select(ConnectionNumber(dpy) + 1, &fds, NULL, NULL, &tv);
  }
  XNextEvent(dpy, ev);
  return 1;
}

/* file:// URI for a path, percent-encoding what a URI path cannot hold */
static void append_uri(char *buf, size_t cap, const char *path) {
  char abs[PATH_MAX];
  if (!realpath(path, abs))
    die(2, "cannot resolve a file path");
  strncat(buf, "file://", cap - strlen(buf) - 1);
  for (const unsigned char *p = (const unsigned char *)abs; *p; p++) {
    char piece[4];
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
      snprintf(piece, sizeof piece, "%c", *p);
    else
      snprintf(piece, sizeof piece, "%%%02X", *p);
    strncat(buf, piece, cap - strlen(buf) - 1);
  }
  strncat(buf, "\r\n", cap - strlen(buf) - 1);
}

int main(int argc, char **argv) {
  if (argc < 5)
    die(2, "usage: xdnd-drop WINDOW X Y FILE...");
  Window target = (Window)strtoul(argv[1], NULL, 0);
  int x = atoi(argv[2]), y = atoi(argv[3]);
  static char uris[65536];
  for (int i = 4; i < argc; i++)
    append_uri(uris, sizeof uris, argv[i]);

  dpy = XOpenDisplay(NULL);
  if (!dpy)
    die(2, "cannot open the display (is DISPLAY set?)");
#define ATOM(name) name = XInternAtom(dpy, #name, False)
  ATOM(XdndAware);
  ATOM(XdndEnter);
  ATOM(XdndPosition);
  ATOM(XdndStatus);
  ATOM(XdndDrop);
  ATOM(XdndFinished);
  ATOM(XdndLeave);
  ATOM(XdndSelection);
  ATOM(XdndActionCopy);
  UriList = XInternAtom(dpy, "text/uri-list", False);

  /* The target must announce XDND support; its version bounds ours. */
  Atom type;
  int format;
  unsigned long n, rest;
  unsigned char *prop = NULL;
  if (XGetWindowProperty(dpy, target, XdndAware, 0, 1, False, AnyPropertyType,
                         &type, &format, &n, &rest, &prop) != Success ||
      n < 1)
    die(1, "the target window does not accept drops (no XdndAware)");
  long version = *(long *)prop < 5 ? *(long *)prop : 5;
  XFree(prop);

  Window root = DefaultRootWindow(dpy), child;
  int rx, ry;
  XTranslateCoordinates(dpy, target, root, x, y, &rx, &ry, &child);

  /* An unmapped window of our own owns the drag's selection and receives
   * the target's answers. */
  Window source = XCreateSimpleWindow(dpy, root, 0, 0, 1, 1, 0, 0, 0);
  XSetSelectionOwner(dpy, XdndSelection, source, CurrentTime);
  if (XGetSelectionOwner(dpy, XdndSelection) != source)
    die(1, "cannot own the XdndSelection");

  time_t deadline = time(NULL) + 10;
  send_msg(target, XdndEnter, source, version << 24, UriList, None, None);
  send_msg(target, XdndPosition, source, 0, (rx << 16) | ry, CurrentTime,
           XdndActionCopy);

  int dropped = 0;
  for (;;) {
    XEvent ev;
    if (!next_event(&ev, deadline)) {
      send_msg(target, XdndLeave, source, 0, 0, 0, 0);
      die(1, dropped ? "the target did not finish the drop in time"
                     : "the target did not answer in time");
    }
    if (ev.type == ClientMessage && ev.xclient.message_type == XdndStatus) {
      if (dropped)
        continue;
      if (!(ev.xclient.data.l[1] & 1)) {
        send_msg(target, XdndLeave, source, 0, 0, 0, 0);
        die(1, "the target refused the drop at that point");
      }
      send_msg(target, XdndDrop, source, 0, CurrentTime, 0, 0);
      dropped = 1;
    } else if (ev.type == SelectionRequest) {
      /* The target asks for the dropped data: hand it the URI list. */
      XSelectionRequestEvent *req = &ev.xselectionrequest;
      XEvent reply;
      memset(&reply, 0, sizeof reply);
      reply.xselection.type = SelectionNotify;
      reply.xselection.display = dpy;
      reply.xselection.requestor = req->requestor;
      reply.xselection.selection = req->selection;
      reply.xselection.target = req->target;
      reply.xselection.time = req->time;
      reply.xselection.property = None;
      if (req->target == UriList) {
        Atom property = req->property != None ? req->property : req->target;
        XChangeProperty(dpy, req->requestor, property, UriList, 8,
                        PropModeReplace, (unsigned char *)uris, strlen(uris));
        reply.xselection.property = property;
      }
      XSendEvent(dpy, req->requestor, False, NoEventMask, &reply);
      XFlush(dpy);
    } else if (ev.type == ClientMessage &&
               ev.xclient.message_type == XdndFinished) {
      /* Version 5 says whether the drop was accepted (bit 0), older ones
       * do not. GLFW, which Fyne uses, puts the number of bytes it read
       * there instead of 1, so any non-zero value counts as accepted. */
      int accepted = version < 5 || ev.xclient.data.l[1] != 0;
      XDestroyWindow(dpy, source);
      XCloseDisplay(dpy);
      if (!accepted)
        die(1, "the target did not accept the dropped files");
      return 0;
    }
  }
}
