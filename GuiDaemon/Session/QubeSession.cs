using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Host;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// One connected agent: its channel, its window table and the host windows that show them.
/// Every message has passed Protocol's stateless checks before it gets here; this class adds the
/// stateful ones (the window table) and throws <see cref="ProtocolViolationException"/> for a
/// violation, which disconnects this qube and no other. Runs on the daemon's one thread.
/// </summary>
internal sealed partial class QubeSession : IDisposable
{
    private readonly IHostDisplay _host;
    private readonly DaemonOptions _options;
    private readonly IGrantMapper _mapper;
    private readonly Dictionary<WindowId, HostWindow> _windows = [];
    private readonly Dictionary<XWindow, HostWindow> _byHostWindow = [];
    private readonly ResourceLimits _limits;
    private readonly TimeProvider _time;
    private readonly ReportLimit _raiseReports;
    private readonly TrustedLayer _trusted;
    private long _grantBytes;
    private long _charges;
    private bool _transientLoopLogged;
    private bool _opaqueArgbLogged;
    private bool _coverLogged;
    private bool _restacked;

    /// <summary>Set by the escape hotkey: from then on every window of this qube is managed and framed.</summary>
    private bool _unmanagedRevoked;

    /// <summary>Most override-redirect windows one qube may show at once (menus, submenus, tooltips); more are managed.</summary>
    public const int MaxUnmanagedWindows = 16;

    private readonly Clipboard.ClipboardBroker _clipboard;
    private readonly (Clipboard.Hotkey Copy, Clipboard.Hotkey Paste)? _hotkeys;
    private uint _swallowedKeycode;

    /// <summary>A session on the real host display, with memfd grants.</summary>
    public QubeSession(QubeConfig qube, MessageChannel channel, XDisplay host, DaemonOptions options, Clipboard.ClipboardBroker clipboard, (Clipboard.Hotkey Copy, Clipboard.Hotkey Paste)? hotkeys, TimeProvider time, TrustedLayer? trusted = null, Copy.CopyBroker? copies = null)
        : this(qube, channel, new XHostDisplay(host), new MemfdGrantMapper(), options, clipboard, hotkeys, time, trusted, copies)
    {
    }

    /// <summary>A session on any host display and grant backend (the fuzz harness's are in memory).</summary>
    /// <param name="time">The clock of the per-window raise limit.</param>
    /// <param name="copies">The file copy broker; without one, this qube takes part in no copy (every FILE_* message is a violation).</param>
    public QubeSession(QubeConfig qube, MessageChannel channel, IHostDisplay host, IGrantMapper mapper, DaemonOptions options, Clipboard.ClipboardBroker clipboard, (Clipboard.Hotkey Copy, Clipboard.Hotkey Paste)? hotkeys, TimeProvider time, TrustedLayer? trusted = null, Copy.CopyBroker? copies = null)
    {
        Copies = copies ?? new Copy.CopyBroker(options.Config, new Clipboard.AuditLog("/dev/null"), (_, _) => { }, time);
        _trusted = trusted ?? new TrustedLayer();
        Qube = qube;
        Channel = channel;
        _host = host;
        _mapper = mapper;
        _options = options;
        _clipboard = clipboard;
        _hotkeys = hotkeys;
        _limits = options.LimitsOf(qube);
        _time = time;
        _raiseReports = new ReportLimit(TimeSpan.FromSeconds(10), time);
    }

    public QubeConfig Qube { get; }

    public MessageChannel Channel { get; }

    /// <summary>Where this qube's file copy messages go.</summary>
    public Copy.CopyBroker Copies { get; }

    /// <summary>How many of the qube's windows are shown (mapped).</summary>
    public int WindowCount => _windows.Values.Count(window => window.Mapped);

    /// <summary>How many of the qube's windows the user still has: shown, or minimized on the host (the qube unmapped it).</summary>
    public int OpenWindowCount
    {
        get
        {
            int open = 0;
            foreach (HostWindow window in _windows.Values) // asked every turn while a disposable lives: no allocation
            {
                open += window.Mapped || window.Minimized ? 1 : 0;
            }

            return open;
        }
    }

    /// <summary>False until the version handshake is done.</summary>
    public bool Connected { get; private set; }

    private int Frame => _options.FrameWidth;

    /// <summary>The top edge: the frame's width, or the title strip's height (<c>decorations = "strip"</c>).</summary>
    private int Top => HasStrip ? Notices.TitleStrip.Height : Frame;

    private bool HasStrip => _options.Config.Decorations == Config.Decorations.Strip;

    /// <summary>How many host pixels wide and high one qube pixel is: the qube's <c>upscale</c> (1 or 2), from the host's configuration only.</summary>
    private int Scale => Qube.Upscale;

    /// <summary>A host length or coordinate in qube pixels, rounded down (also below zero): exact integer division, no floating point.</summary>
    private int Down(int host) => (int)Math.Floor((double)host / Scale);

    /// <summary>The same, rounded up: the qube pixels that cover a host edge partly.</summary>
    private int Up(int host) => -Down(-host);

    /// <summary>
    /// What a grant costs against max_grant_mib. Security: an upscaled qube's grant also holds a
    /// host pixmap of its size in the host X server (<see cref="Host.IHostScaler"/>): counted twice.
    /// </summary>
    private long GrantCost(Protocol.Messages.WindowDump dump) => Scale > 1 ? 2 * dump.RequiredBytes : dump.RequiredBytes;

    /// <summary>Answers the agent's hello once it is there; false while it is not.</summary>
    public bool TryHandshake()
    {
        if (Channel.QueuedFds > 0)
        {
            // No descriptor may come before the hello (left queued, they would stall the channel).
            throw new ProtocolViolationException(ProtocolViolation.UnexpectedFd);
        }

        if (!VersionHandshake.TryReadAgentHello(Channel.Pending, ProtocolVersion.Current, out ProtocolVersion negotiated))
        {
            return false;
        }

        Channel.Consume(VersionHandshake.AgentHelloSize);
        Span<byte> answer = stackalloc byte[VersionHandshake.DaemonHelloSize];
        VersionHandshake.WriteDaemonHello(answer, negotiated, new ScreenConfig(_host.Width, _host.Height, 24));
        Channel.SendHandshake(answer);
        Connected = true;
        Log.Info($"qube {Qube.Name} connected (protocol {negotiated})");
        return true;
    }

    /// <summary>
    /// The units of <see cref="MessageCosts"/> charged since the last call (beyond the plain cost
    /// of each message, which the daemon's loop charges): the caller spends them from the qube's budget.
    /// </summary>
    public long TakeCharges()
    {
        long charges = _charges;
        _charges = 0;
        return charges;
    }

    /// <summary>The host bounds (root coordinates, frame included) of every window of this qube on the screen now.</summary>
    public IEnumerable<(XWindow Host, XRect Bounds)> ShownWindows => _windows.Values.Where(w => w.Mapped && !w.Minimized).Select(w => (w.Host, w.HostBounds));

    /// <summary>True once after this qube's windows were mapped or raised on the host (they went to the top of the stack).</summary>
    public bool TakeRestacked()
    {
        bool restacked = _restacked;
        _restacked = false;
        return restacked;
    }

    /// <summary>
    /// The escape hotkey, pressed over one of this qube's windows: every override-redirect window
    /// of the qube leaves the screen, and from now on its windows are all managed and framed (a
    /// qube that just covered the screen cannot do it again by mapping them anew). The qube is
    /// not told: its windows are mapped for it, and a later MAP shows one again, managed.
    /// </summary>
    /// <returns>How many windows were unmapped.</returns>
    public int DismissUnmanaged()
    {
        _unmanagedRevoked = true;
        int count = 0;
        foreach (HostWindow window in _windows.Values)
        {
            if (window.Mapped && window.OverrideRedirectInEffect)
            {
                window.Mapped = false; // so its UnmapNotify is not taken for the user minimizing it
                window.OverrideRedirectInEffect = false;
                _host.Unmap(window.Host);
                _host.SetOverrideRedirect(window.Host, false);
                count++;
            }
        }

        return count;
    }

    /// <summary>The window of this qube shown in <paramref name="host"/>, if any.</summary>
    public bool TryGetByHostWindow(XWindow host, out HostWindow window) => _byHostWindow.TryGetValue(host, out window!);

    /// <summary>The agent went away or was cut off: every window of the qube leaves the screen.</summary>
    public void Dispose()
    {
        foreach (HostWindow window in _windows.Values)
        {
            ReleaseGrant(window);
            window.Strip?.Dispose();
            if (!_host.IsConnectionLost)
            {
                _host.Destroy(window.Host);
            }
        }

        _windows.Clear();
        _byHostWindow.Clear();
        Channel.Dispose();
    }

    /// <summary>The one lookup every qube-supplied id goes through: a miss is a violation.</summary>
    private HostWindow Resolve(WindowId untrustedWindow) =>
        _windows.TryGetValue(untrustedWindow, out HostWindow? window)
            ? window
            : throw new ProtocolViolationException(ProtocolViolation.UnknownWindow);

    /// <summary>Charges the qube for work it made the host do (units of <see cref="MessageCosts"/>).</summary>
    private void Charge(long units) => _charges += units;

    private void ReleaseGrant(HostWindow window)
    {
        if (window.Grant is { } grant)
        {
            _grantBytes -= GrantCost(grant.Dump);
            grant.Release(_host);
            window.Grant = null;
        }
    }
}
