using System.Runtime.InteropServices;
using GuiVirt.X11.Interop;

namespace GuiVirt.TestApp;

/// <summary>
/// The two native calls only the test app needs. XLookupString stays here, not in X11/Interop:
/// the agent and the daemon forward keycodes and never translate them to text.
/// </summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>Translates a key event to a keysym and Latin-1 text; returns the number of bytes written.</summary>
    [LibraryImport(Libraries.X11)]
    public static partial int XLookupString(XInputEvent* keyEvent, byte* buffer, int bytes, nuint* keysym, void* composeStatus);

    /// <summary>Waits until the X connection is readable, so the loop neither spins nor oversleeps a frame.</summary>
    [LibraryImport(Libraries.Xfixes)]
    public static partial void XFixesSetCursorName(nint display, nuint cursor, byte* name);

    [LibraryImport(Libraries.LibC, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMilliseconds);
}
