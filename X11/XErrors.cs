using System.Runtime.InteropServices;
using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>
/// Xlib's default error handler calls exit(). Ours never does: protocol errors such as BadWindow
/// are routine (a window can vanish between an event and our request about it), so they are
/// logged and the program goes on. Code that needs to know whether its own requests failed
/// opens an <see cref="ErrorTrap"/>.
/// </summary>
public static unsafe class XErrors
{
    private static readonly Lock InstallLock = new();
    private static bool _installed;

    [ThreadStatic]
    private static ErrorTrap? _trap;

    /// <summary>Where untrapped errors are reported; standard error unless the program says otherwise.</summary>
    public static Action<string> Log { get; set; } = message => Console.Error.WriteLine(message);

    /// <summary>Errors seen since start, trapped or not (for tests and statistics).</summary>
    public static long Count => Interlocked.Read(ref _count);

    private static long _count;

    /// <summary>Installs the handlers once per process (Xlib's handlers are process-wide).</summary>
    public static void Install()
    {
        lock (InstallLock)
        {
            if (_installed)
            {
                return;
            }

            // Xlib must know before the first connection that several threads may call it.
            _ = Xlib.XInitThreads();
            Xlib.XSetErrorHandler(&OnError);
            _installed = true;
        }
    }

    /// <summary>Starts collecting the errors of this thread's requests instead of logging them.</summary>
    internal static ErrorTrap Trap(ErrorTrap trap)
    {
        trap.Begin(_trap);
        return _trap = trap;
    }

    internal static void EndTrap(ErrorTrap trap) => _trap = trap.Outer;

    [UnmanagedCallersOnly]
    private static int OnError(nint display, XErrorEvent* error)
    {
        Interlocked.Increment(ref _count);
        if (_trap is { } trap && trap.Owns(display))
        {
            trap.Record(error->ErrorCode, error->RequestCode);
            return 0;
        }

        byte* text = stackalloc byte[160];
        _ = Xlib.XGetErrorText(display, error->ErrorCode, text, 160);
        Log($"X error {error->ErrorCode} ({Marshal.PtrToStringUTF8((nint)text)}) in request {error->RequestCode}.{error->MinorCode} on 0x{error->ResourceId:x}");
        return 0;
    }
}
