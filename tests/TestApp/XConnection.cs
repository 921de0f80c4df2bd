using System.Runtime.InteropServices;
using System.Text;
using GuiVirt.X11.Interop;

namespace GuiVirt.TestApp;

/// <summary>
/// The test app's one X connection, with error handlers that never exit: Xlib's defaults call
/// exit() on any protocol error (a clipboard requestor that vanished is routine) and on a lost
/// connection, which would skip the "exit" log line tests rely on.
/// </summary>
internal sealed unsafe class XConnection : IDisposable
{
    private static EventLog? s_log;
    // Set by Xlib's I/O error path on the thread that made the failing call (the only X thread).
    private static volatile bool s_closed;

    private readonly Dictionary<string, nuint> _atoms = [];

    private XConnection(nint handle)
    {
        Handle = handle;
        Screen = Xlib.XDefaultScreen(handle);
        Root = Xlib.XDefaultRootWindow(handle);
        Fd = Xlib.XConnectionNumber(handle);
    }

    public nint Handle { get; }
    public int Screen { get; }
    public nuint Root { get; }
    public int Fd { get; }

    /// <summary>True once the server has gone away; every later Xlib call on it is a no-op.</summary>
    public static bool Closed => s_closed;

    /// <summary>Connects to <paramref name="display"/> (null: $DISPLAY); null when that fails.</summary>
    public static XConnection? Open(string? display, EventLog log)
    {
        s_log = log;
        Xlib.XSetErrorHandler(&OnError);
        Xlib.XSetIOErrorHandler(&OnIOError);
        nint handle = Xlib.XOpenDisplay(display);
        if (handle == 0)
        {
            return null;
        }
        Xlib.XSetIOErrorExitHandler(handle, &OnIOErrorExit, 0);
        return new XConnection(handle);
    }

    public nuint Atom(string name)
    {
        if (!_atoms.TryGetValue(name, out nuint atom))
        {
            atom = Xlib.XInternAtom(Handle, name, 0);
            _atoms[name] = atom;
        }
        return atom;
    }

    public string AtomName(nuint atom)
    {
        if (atom == 0)
        {
            return "None";
        }
        byte* name = Xlib.XGetAtomName(Handle, atom);
        if (name == null)
        {
            return $"0x{atom:x}";
        }
        string text = Marshal.PtrToStringUTF8((nint)name) ?? "";
        Xlib.XFree(name);
        return text;
    }

    /// <summary>Sets an 8-bit property (a string) on <paramref name="window"/>.</summary>
    public void SetBytes(nuint window, nuint property, nuint type, ReadOnlySpan<byte> value)
    {
        fixed (byte* data = value)
        {
            Xlib.XChangeProperty(Handle, window, property, type, 8, PropertyModeReplace, data, value.Length);
        }
    }

    /// <summary>Sets a 32-bit property; Xlib wants format-32 data as C longs, 8 bytes each here.</summary>
    public void SetLongs(nuint window, nuint property, nuint type, ReadOnlySpan<nuint> value)
    {
        fixed (nuint* data = value)
        {
            Xlib.XChangeProperty(Handle, window, property, type, 32, PropertyModeReplace, (byte*)data, value.Length);
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for data from the server
    /// (returns at once when Xlib already holds queued events).</summary>
    public void WaitReadable(int timeoutMilliseconds)
    {
        if (Xlib.XPending(Handle) > 0)
        {
            return;
        }
        var fd = new PollFd { Fd = Fd, Events = PollFd.In };
        NativeMethods.poll(&fd, 1, timeoutMilliseconds);
    }

    public void Dispose()
    {
        // After an I/O error XCloseDisplay skips the final XSync and only frees memory.
        Xlib.XCloseDisplay(Handle);
    }

    private const int PropertyModeReplace = 0;

    [UnmanagedCallersOnly]
    private static int OnError(nint display, XErrorEvent* error)
    {
        s_log?.Line($"x error code={error->ErrorCode} request={error->RequestCode} minor={error->MinorCode} resource=0x{error->ResourceId:x}");
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int OnIOError(nint display)
    {
        s_closed = true;
        return 0;
    }

    // Returning from the exit handler (libX11 >= 1.8.4) makes the failing call return instead of exit().
    [UnmanagedCallersOnly]
    private static void OnIOErrorExit(nint display, nint userData)
    {
        s_closed = true;
    }

    /// <summary>Encodes for STRING properties (ISO 8859-1); characters outside it become '?'.</summary>
    public static byte[] Latin1(string text)
    {
        var bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            bytes[i] = text[i] <= 0xFF ? (byte)text[i] : (byte)'?';
        }
        return bytes;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
