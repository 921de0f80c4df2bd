using System.Runtime.InteropServices;
using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>
/// One connection to an X server. Use it from one thread (Xlib's threads support is turned on
/// anyway, by <see cref="XErrors.Install"/>). Losing the connection never exits the process:
/// <see cref="IsConnectionLost"/> turns true and the owner shuts down in order.
/// </summary>
public sealed unsafe partial class XDisplay : SafeHandle
{
    private readonly Dictionary<string, XAtom> _atoms = new(StringComparer.Ordinal);
    private int _damageEventBase = -1;
    private int _fixesEventBase = -1;
    private GCHandle _self;
    private ErrorTrap? _spareTrap;

    private XDisplay(nint display)
        : base(0, ownsHandle: true)
    {
        SetHandle(display);
        Screen = Xlib.XDefaultScreen(display);
        Root = new XWindow(Xlib.XDefaultRootWindow(display));
        Width = Xlib.XDisplayWidth(display, Screen);
        Height = Xlib.XDisplayHeight(display, Screen);
        Depth = Xlib.XDefaultDepth(display, Screen);
        ConnectionFd = Xlib.XConnectionNumber(display);

        // libX11 >= 1.8.4: when the server goes away, call us instead of exit(); Xlib then
        // returns errors from every call and we wind down.
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        Xlib.XSetIOErrorExitHandler(display, &OnConnectionLost, GCHandle.ToIntPtr(_self));
    }

    /// <summary>The display name this connection was opened with, or $DISPLAY's.</summary>
    public string Name { get; private init; } = "";

    /// <summary>The default screen's number.</summary>
    public int Screen { get; }

    /// <summary>The root window.</summary>
    public XWindow Root { get; }

    /// <summary>Screen width in pixels (as of the last <see cref="NoteRootSize"/>, if the screen changed size).</summary>
    public int Width { get; private set; }

    /// <summary>Screen height in pixels (as <see cref="Width"/>).</summary>
    public int Height { get; private set; }

    /// <summary>
    /// The root's new size, from its ConfigureNotify (RandR changed the screen size, as
    /// <c>xrandr --fb</c> or a monitor plugged in does); a client that selected StructureNotify on
    /// the root gets it. Xlib's own copy is only updated through XRRUpdateConfiguration.
    /// </summary>
    public bool NoteRootSize(int width, int height)
    {
        if (width <= 0 || height <= 0 || (width, height) == (Width, Height))
        {
            return false;
        }

        (Width, Height) = (width, height);
        return true;
    }

    /// <summary>Default depth (24 on Xvfb -screen 0 WxHx24).</summary>
    public int Depth { get; }

    /// <summary>The connection's file descriptor, to poll for events.</summary>
    public int ConnectionFd { get; }

    /// <summary>True once the server has gone away.</summary>
    public bool IsConnectionLost { get; private set; }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>Connects; <paramref name="name"/> null means $DISPLAY. Throws <see cref="XException"/> with what to check.</summary>
    public static XDisplay Open(string? name)
    {
        XErrors.Install();
        nint display = Xlib.XOpenDisplay(name);
        string shown = name ?? Environment.GetEnvironmentVariable("DISPLAY") ?? "(DISPLAY is not set)";
        if (display == 0)
        {
            throw new XException($"cannot open X display {shown}: is the X server running and reachable?");
        }

        return new XDisplay(display) { Name = shown };
    }

    /// <summary>Sends buffered requests.</summary>
    public void Flush() => Xlib.XFlush(Raw);

    /// <summary>Sends buffered requests and waits until the server has processed them (one round trip).</summary>
    public void Sync() => Xlib.XSync(Raw, 0);

    /// <summary>Collects this thread's X errors on this display until disposed.</summary>
    public ErrorTrap TrapErrors() => XErrors.Trap(Interlocked.Exchange(ref _spareTrap, null) ?? new ErrorTrap(this));

    internal void ReturnTrap(ErrorTrap trap) => _spareTrap = trap;

    /// <summary>Interns (and caches) an atom.</summary>
    public XAtom Atom(string name)
    {
        if (!_atoms.TryGetValue(name, out XAtom atom))
        {
            atom = new XAtom(Xlib.XInternAtom(Raw, name, 0));
            _atoms[name] = atom;
        }

        return atom;
    }

    /// <summary>An atom's name (for logs and tests).</summary>
    public string AtomName(XAtom atom)
    {
        byte* name = Xlib.XGetAtomName(Raw, atom.Id);
        if (name == null)
        {
            return "";
        }

        string text = Marshal.PtrToStringUTF8((nint)name) ?? "";
        _ = Xlib.XFree(name);
        return text;
    }

    /// <summary>The raw Display*, for the bindings in this assembly.</summary>
    internal nint Raw => handle;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        _ = Xlib.XCloseDisplay(handle);
        if (_self.IsAllocated)
        {
            _self.Free();
        }

        return true;
    }

    [UnmanagedCallersOnly]
    private static void OnConnectionLost(nint display, nint userData)
    {
        if (GCHandle.FromIntPtr(userData).Target is XDisplay owner)
        {
            owner.IsConnectionLost = true;
        }
    }
}
