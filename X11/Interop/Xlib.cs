using System.Runtime.InteropServices;

namespace GuiVirt.X11.Interop;

/// <summary>libX11. Display* is nint here; the public side wraps it in <see cref="XDisplay"/>.</summary>
internal static unsafe partial class Xlib
{
    [LibraryImport(Libraries.X11)] public static partial int XInitThreads();
    [LibraryImport(Libraries.X11, StringMarshalling = StringMarshalling.Utf8)] public static partial nint XOpenDisplay(string? name);
    [LibraryImport(Libraries.X11)] public static partial int XCloseDisplay(nint display);
    [LibraryImport(Libraries.X11)] public static partial int XConnectionNumber(nint display);
    [LibraryImport(Libraries.X11)] public static partial int XDefaultScreen(nint display);
    [LibraryImport(Libraries.X11)] public static partial nuint XDefaultRootWindow(nint display);
    [LibraryImport(Libraries.X11)] public static partial int XDisplayWidth(nint display, int screen);
    [LibraryImport(Libraries.X11)] public static partial int XDisplayHeight(nint display, int screen);
    [LibraryImport(Libraries.X11)] public static partial int XDefaultDepth(nint display, int screen);
    [LibraryImport(Libraries.X11)] public static partial nint XDefaultVisual(nint display, int screen);
    [LibraryImport(Libraries.X11)] public static partial int XPending(nint display);
    [LibraryImport(Libraries.X11)] public static partial int XNextEvent(nint display, XEvent* ev);
    [LibraryImport(Libraries.X11)] public static partial int XFlush(nint display);
    [LibraryImport(Libraries.X11)] public static partial int XSync(nint display, int discard);
    [LibraryImport(Libraries.X11)] public static partial int XFree(void* data);
    [LibraryImport(Libraries.X11)] public static partial int XSelectInput(nint display, nuint window, nint mask);

    [LibraryImport(Libraries.X11)] public static partial nuint XCreateSimpleWindow(nint display, nuint parent, int x, int y, uint width, uint height, uint borderWidth, nuint border, nuint background);
    [LibraryImport(Libraries.X11)] public static partial nuint XCreateWindow(nint display, nuint parent, int x, int y, uint width, uint height, uint borderWidth, int depth, uint windowClass, nint visual, nuint valueMask, XSetWindowAttributes* attributes);
    [LibraryImport(Libraries.X11)] public static partial int XChangeWindowAttributes(nint display, nuint window, nuint valueMask, XSetWindowAttributes* attributes);
    [LibraryImport(Libraries.X11)] public static partial int XDestroyWindow(nint display, nuint window);
    [LibraryImport(Libraries.X11)] public static partial int XMatchVisualInfo(nint display, int screen, int depth, int visualClass, XVisualInfo* info);
    [LibraryImport(Libraries.X11)] public static partial nuint XCreateColormap(nint display, nuint window, nint visual, int alloc);
    [LibraryImport(Libraries.X11)] public static partial nuint XCreatePixmap(nint display, nuint drawable, uint width, uint height, uint depth);
    [LibraryImport(Libraries.X11)] public static partial int XMapWindow(nint display, nuint window);
    [LibraryImport(Libraries.X11)] public static partial int XUnmapWindow(nint display, nuint window);
    [LibraryImport(Libraries.X11)] public static partial int XRaiseWindow(nint display, nuint window);
    [LibraryImport(Libraries.X11)] public static partial int XMoveResizeWindow(nint display, nuint window, int x, int y, uint width, uint height);
    [LibraryImport(Libraries.X11)] public static partial int XConfigureWindow(nint display, nuint window, uint valueMask, XWindowChanges* changes);
    [LibraryImport(Libraries.X11)] public static partial int XGetWindowAttributes(nint display, nuint window, XWindowAttributes* attributes);
    [LibraryImport(Libraries.X11)] public static partial int XTranslateCoordinates(nint display, nuint source, nuint destination, int sourceX, int sourceY, int* destinationX, int* destinationY, nuint* child);
    [LibraryImport(Libraries.X11)] public static partial int XQueryTree(nint display, nuint window, nuint* root, nuint* parent, nuint** children, uint* count);
    [LibraryImport(Libraries.X11)] public static partial int XSetInputFocus(nint display, nuint window, int revertTo, nuint time);
    [LibraryImport(Libraries.X11)] public static partial int XGetInputFocus(nint display, nuint* focus, int* revertTo);
    [LibraryImport(Libraries.X11)] public static partial int XKillClient(nint display, nuint resource);
    [LibraryImport(Libraries.X11)] public static partial int XQueryKeymap(nint display, byte* keys);
    [LibraryImport(Libraries.X11)] public static partial int XQueryPointer(nint display, nuint window, nuint* root, nuint* child, int* rootX, int* rootY, int* winX, int* winY, uint* mask);
    [LibraryImport(Libraries.X11)] public static partial int XGetTransientForHint(nint display, nuint window, nuint* transientFor);
    [LibraryImport(Libraries.X11)] public static partial int XGetWMNormalHints(nint display, nuint window, XSizeHints* hints, nint* supplied);
    [LibraryImport(Libraries.X11)] public static partial int XSetWMNormalHints(nint display, nuint window, XSizeHints* hints);

    [LibraryImport(Libraries.X11, StringMarshalling = StringMarshalling.Utf8)] public static partial nuint XInternAtom(nint display, string name, int onlyIfExists);
    [LibraryImport(Libraries.X11)] public static partial byte* XGetAtomName(nint display, nuint atom);
    [LibraryImport(Libraries.X11)] public static partial int XChangeProperty(nint display, nuint window, nuint property, nuint type, int format, int mode, byte* data, int elements);
    [LibraryImport(Libraries.X11)] public static partial int XDeleteProperty(nint display, nuint window, nuint property);
    [LibraryImport(Libraries.X11)]
    public static partial int XGetWindowProperty(nint display, nuint window, nuint property, nint longOffset, nint longLength, int delete, nuint requestedType, nuint* actualType, int* actualFormat, nuint* items, nuint* bytesAfter, byte** data);

    [LibraryImport(Libraries.X11)] public static partial int XSetSelectionOwner(nint display, nuint selection, nuint owner, nuint time);
    [LibraryImport(Libraries.X11)] public static partial nuint XGetSelectionOwner(nint display, nuint selection);
    [LibraryImport(Libraries.X11)] public static partial int XConvertSelection(nint display, nuint selection, nuint target, nuint property, nuint requestor, nuint time);
    [LibraryImport(Libraries.X11)] public static partial int XReparentWindow(nint display, nuint window, nuint parent, int x, int y);
    [LibraryImport(Libraries.X11)] public static partial int XSendEvent(nint display, nuint window, int propagate, nint eventMask, XEvent* ev);

    [LibraryImport(Libraries.X11)] public static partial nint XCreateGC(nint display, nuint drawable, nuint valueMask, nint values);
    [LibraryImport(Libraries.X11)] public static partial int XFreeGC(nint display, nint gc);
    [LibraryImport(Libraries.X11)] public static partial int XSetForeground(nint display, nint gc, nuint color);
    [LibraryImport(Libraries.X11)] public static partial int XSetSubwindowMode(nint display, nint gc, int mode);
    [LibraryImport(Libraries.X11)] public static partial int XSetGraphicsExposures(nint display, nint gc, int exposures);
    [LibraryImport(Libraries.X11)] public static partial int XFillRectangle(nint display, nuint drawable, nint gc, int x, int y, uint width, uint height);
    [LibraryImport(Libraries.X11)] public static partial int XCopyArea(nint display, nuint source, nuint destination, nint gc, int srcX, int srcY, uint width, uint height, int destX, int destY);
    [LibraryImport(Libraries.X11)] public static partial int XPutImage(nint display, nuint drawable, nint gc, XImage* image, int srcX, int srcY, int destX, int destY, uint width, uint height);
    [LibraryImport(Libraries.X11)] public static partial XImage* XGetImage(nint display, nuint drawable, int x, int y, uint width, uint height, nuint planeMask, int format);
    [LibraryImport(Libraries.X11)] public static partial XImage* XCreateImage(nint display, nint visual, uint depth, int format, int offset, byte* data, uint width, uint height, int bitmapPad, int bytesPerLine);
    [LibraryImport(Libraries.X11)] public static partial int XFreePixmap(nint display, nuint pixmap);
    [LibraryImport(Libraries.X11)] public static partial nuint XCreateFontCursor(nint display, uint shape);
    [LibraryImport(Libraries.X11)] public static partial int XDefineCursor(nint display, nuint window, nuint cursor);

    [LibraryImport(Libraries.X11)] public static partial nint XSetErrorHandler(delegate* unmanaged<nint, XErrorEvent*, int> handler);
    [LibraryImport(Libraries.X11)] public static partial nint XSetIOErrorHandler(delegate* unmanaged<nint, int> handler);
    [LibraryImport(Libraries.X11)] public static partial void XSetIOErrorExitHandler(nint display, delegate* unmanaged<nint, nint, void> handler, nint userData);
    [LibraryImport(Libraries.X11)] public static partial int XGetErrorText(nint display, int code, byte* buffer, int length);
    [LibraryImport(Libraries.X11, StringMarshalling = StringMarshalling.Utf8)] public static partial nuint XStringToKeysym(string name);
    [LibraryImport(Libraries.X11)] public static partial byte XKeysymToKeycode(nint display, nuint keysym);
    [LibraryImport(Libraries.X11)] public static partial int XGrabKey(nint display, int keycode, uint modifiers, nuint grabWindow, int ownerEvents, int pointerMode, int keyboardMode);
    [LibraryImport(Libraries.X11)] public static partial int XUngrabKey(nint display, int keycode, uint modifiers, nuint grabWindow);
    [LibraryImport(Libraries.X11)] public static partial int XUngrabPointer(nint display, nuint time);
    [LibraryImport(Libraries.X11)] public static partial int XkbSetDetectableAutoRepeat(nint display, int detectable, int* supported);
}
