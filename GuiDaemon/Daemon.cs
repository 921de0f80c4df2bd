using System.Net.Sockets;
using System.Runtime.InteropServices;
using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Session;
using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon;

/// <summary>
/// The daemon's one loop, on one thread: wait on the host X connection, every qube's listening
/// socket and every connected agent together; handle what is ready; repeat. Nothing ever blocks
/// on a qube: reads and writes are non-blocking and bounded, and each qube gets at most
/// <see cref="MessagesPerTurn"/> messages a turn, so a busy qube cannot starve the others. Each
/// message is charged the host work it causes (<see cref="MessageCosts"/>), and repaints after an
/// Expose are charged to the exposed window's qube; a qube over its budget
/// (<see cref="MessageBudget"/>) is not read at all until the budget refills: its flood waits in
/// its own socket buffer, not in the daemon.
/// </summary>
internal sealed partial class Daemon : IDisposable
{
    private const int MessagesPerTurn = 256;
    // Run's poll list starts with the host X connection, then the control listener.
    private const int ControlListenerSlot = 1;

    /// <summary>How long the loop sleeps at most while a qube is throttled, before looking at its budget again.</summary>
    private static readonly TimeSpan ThrottleTick = TimeSpan.FromMilliseconds(10);

    private readonly XDisplay _host;
    private readonly DaemonOptions _options;
    private readonly TimeProvider _time;
    private readonly List<QubeEndpoint> _endpoints = [];
    private readonly ControlServer _control;
    private readonly Notices.NoticeWindow _notices;
    private readonly Host.HostKeyboard _keyboard;
    private readonly Notices.XRay _xray;
    private readonly Host.TrustedLayer _trusted = new();
    private readonly Clipboard.ClipboardBroker _clipboard;
    private readonly Copy.CopyBroker _copies;
    private readonly (Clipboard.Hotkey Copy, Clipboard.Hotkey Paste)? _hotkeys;
    private readonly CancellationToken _stopping;
    private readonly LoopWakeup _wakeup = new();
    private readonly CancellationTokenRegistration _wakeOnStop;

    /// <param name="stopping">Cancelled to end <see cref="Run"/> (by a signal): the loop wakes at once, and a qube being started is given up.</param>
    public Daemon(XDisplay host, DaemonOptions options, TimeProvider time, CancellationToken stopping)
    {
        _host = host;
        // No decorations configured: a title strip when no window manager runs now (nothing else
        // would title the windows), the frame alone when one does.
        _options = options.Config.Decorations is null
            ? options with { Config = options.Config with { Decorations = new Host.XHostDisplay(host).WindowManagerRuns ? Config.Decorations.Frame : Config.Decorations.Strip } }
            : options;
        if (_options.Config.Scale is null)
        {
            // No scale configured: the host's own density (Xft.dpi, as xrdb or the desktop set it), nearest allowed.
            DisplayScale hostScale = DisplayScale.FromDpi(DisplayScale.XftDpiOf(host.TryGetText(host.Root, host.Atom("RESOURCE_MANAGER"))));
            _options = _options with { Config = _options.Config with { Scale = hostScale } };
            Log.Info($"scale {hostScale} for qubes without their own (the host's Xft.dpi)");
        }

        _time = time;
        _disposablesClock = time.GetTimestamp();
        _stopping = stopping;
        _wakeOnStop = stopping.Register(_wakeup.Signal);
        Directory.CreateDirectory(options.SocketDirectory);
        File.SetUnixFileMode(options.SocketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (QubeConfig qube in options.Qubes)
        {
            _endpoints.Add(QubeEndpoint.Listen(qube, options.SocketDirectory, options.LimitsOf(qube), time));
            Log.Info($"qube {qube.Name} ({qube.Label.Name}) listens on {_endpoints[^1].Path}");
        }

        if (_endpoints.Count == 0)
        {
            Log.Info("no qube configured yet: create one with `guivirt run QUBE --label COLOR -- CMD`");
        }

        // Once, at the start: how qubes will be limited here, or plainly that they will not be.
        Log.Info(Sandbox.Cgroups.QubeCgroups.Description);
        Log.Info(Sandbox.Cgroups.QubeCgroups.Current?.Scheduling() ?? Sandbox.Cgroups.QubeCgroups.NoScheduling);
        _control = new ControlServer(options.SocketDirectory);
        DeleteStaleDisposableLogs(); // the folder is ours now (daemon.lock)
        _notices = new Notices.NoticeWindow(host);
        _keyboard = new Host.HostKeyboard(host);
        // PropertyChange: the keyboard's names (HostKeyboard); StructureNotify: the root's
        // ConfigureNotify when RandR changes the screen size, which the windows then follow.
        host.SelectInput(host.Root, EventMask.PropertyChange | EventMask.StructureNotify);
        // RandR's screen-change events too: a monitor set or moved without a new screen size.
        _ = host.SelectScreenChanges();
        _xray = new Notices.XRay(host);
        GrabTrustedHotkeys();
        _clipboard = new Clipboard.ClipboardBroker(options.Config, new Clipboard.AuditLog(options.AuditLogPath), ShowNotice, time);
        _copies = new Copy.CopyBroker(options.Config, new Clipboard.AuditLog(options.AuditLogPath), ShowNotice, time);
        try
        {
            _hotkeys = (Clipboard.Hotkey.Resolve(host, options.Config.Clipboard.CopyKey), Clipboard.Hotkey.Resolve(host, options.Config.Clipboard.PasteKey));
        }
        catch (XException e)
        {
            Log.Warning($"clipboard hotkeys off: {e.Message}");
        }
    }

    /// <summary>Runs until stopped or the host display goes away.</summary>
    public int Run()
    {
        var handles = new List<SafeHandle>();
        var wantWrite = new List<bool>();
        var listenerSlots = new List<int>(); // where each endpoint's listener is in handles, in _endpoints order
        var ready = new bool[16];
        using var xConnection = new SafeFileHandleView(_host.ConnectionFd);
        bool moreBuffered = false, throttled = false;
        while (!_stopping.IsCancellationRequested && !_host.IsConnectionLost)
        {
            handles.Clear();
            wantWrite.Clear();
            listenerSlots.Clear();
            handles.Add(xConnection);
            wantWrite.Add(false);
            foreach (Socket control in _control.ClientSockets.Prepend(_control.Listener))
            {
                handles.Add(control.SafeHandle);
                wantWrite.Add(false);
            }

            foreach (QubeEndpoint endpoint in _endpoints)
            {
                listenerSlots.Add(handles.Count);
                handles.Add(endpoint.Listener.SafeHandle);
                wantWrite.Add(false);
                if (endpoint.Session is { } session && !endpoint.IsThrottled)
                {
                    // A throttled qube is left out: its input must not wake the loop again and again.
                    handles.Add(session.Channel.Handle);
                    wantWrite.Add(session.Channel.HasPendingOutput);
                }
            }

            int wakeupSlot = handles.Count; // a signal, or a command's outcome that a client waits for
            handles.Add(_wakeup.Handle);
            wantWrite.Add(false);
            if (ready.Length < handles.Count)
            {
                ready = new bool[handles.Count * 2];
            }

            Readiness.Wait(CollectionsMarshal.AsSpan(handles), CollectionsMarshal.AsSpan(wantWrite), ready.AsSpan(0, handles.Count), moreBuffered || _host.Pending > 0 ? TimeSpan.Zero : throttled ? ThrottleTick : TimeSpan.FromMilliseconds(500));
            if (ready[wakeupSlot])
            {
                _wakeup.Reset();
            }

            PumpHost();
            _control.Serve(HandleControl, listenerReadable: ready[ControlListenerSlot]);
            _clipboard.Tick();
            _copies.Tick();
            _notices.Tick();
            moreBuffered = throttled = false;
            for (int i = 0; i < _endpoints.Count; i++)
            {
                QubeEndpoint endpoint = _endpoints[i];
                // Only a listener the poll saw readable has a connection to accept (see ControlServer.Serve
                // for why). An endpoint `guivirt run` created during this turn is polled from the next one.
                if (i < listenerSlots.Count && ready[listenerSlots[i]])
                {
                    Accept(endpoint);
                }

                if (endpoint.Session is { } session)
                {
                    moreBuffered |= Serve(endpoint, session);
                    throttled |= endpoint.IsThrottled && endpoint.Session == session;
                }
            }

            EndDisposables();
            CutOffUnreachable();
            KeepTrustedWindowsOnTop();
            _host.Flush();
        }

        if (_host.IsConnectionLost)
        {
            Log.Warning($"the host display {_host.Name} went away; every qube is disconnected");
            return 1;
        }

        return 0;
    }

    /// <summary>Ends everything the daemon made: clients are answered, windows destroyed, sandboxes stopped, sockets removed.</summary>
    public void Dispose()
    {
        _wakeOnStop.Dispose();
        _control.Dispose();
        _xray.Dispose();
        _notices.Dispose();
        foreach (QubeEndpoint endpoint in _endpoints)
        {
            endpoint.Dispose();
        }

        DisposeDisposables();
        _wakeup.Dispose();
    }

    private void Accept(QubeEndpoint endpoint)
    {
        Socket? connection;
        try
        {
            connection = endpoint.Listener.Accept();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
        {
            return;
        }
        catch (SocketException e)
        {
            Log.Warning($"qube {endpoint.Qube.Name}: cannot accept a connection now: {e.Message}"); // e.g. out of descriptors
            return;
        }

        if (endpoint.Session is not null)
        {
            Log.Warning($"qube {endpoint.Qube.Name}: a second agent tried to connect; refused");
            connection.Dispose();
            return;
        }

        endpoint.Session = new QubeSession(endpoint.Qube, new MessageChannel(connection, PeerRole.Agent), _host, _options, _clipboard, _hotkeys, _time, _trusted, _copies);
    }

    /// <summary>
    /// Reads and handles what one qube sent: at most one turn's worth, and no more than its
    /// budget allows, each message charged its cost (<see cref="MessageCosts"/>) as it is handled.
    /// True if the turn ended with more to do (a full turn, or an empty budget to look at again).
    /// </summary>
    private bool Serve(QubeEndpoint endpoint, QubeSession session)
    {
        bool more = false;
        Guard(endpoint, () =>
        {
            // Security: a qube over its budget is not read until the budget refills, so a flood
            // costs the daemon nothing more and backs up in the qube's own socket buffer. The
            // budget is spent by cost (the X work a message causes), not by count: cheap messages
            // cannot be used to buy expensive host work.
            int available = endpoint.Budget.Available;
            endpoint.IsThrottled = available <= 0;
            if (endpoint.IsThrottled)
            {
                if (endpoint.Budget.ShouldLogThrottle())
                {
                    Log.Warning($"qube {endpoint.Qube.Name} throttled: over {_options.LimitsOf(endpoint.Qube).MessagesPerSecond} cost units a second (a plain message is 1; docs/security.md lists the costs; its socket is read again as its budget refills)");
                }

                session.Channel.Flush();
                return;
            }

            ReceiveStatus status = session.Channel.ReceiveAvailable();
            int handled = 0;
            long spent = session.TakeCharges(); // anything left from before (none, as host events are charged as they come)
            bool wasConnected = session.Connected;
            try
            {
                if (session.Connected || session.TryHandshake())
                {
                    if (!wasConnected)
                    {
                        session.SendKeyboard(_keyboard.Layout, _keyboard.Remapped); // before any key reaches the qube
                        session.SendScreen(); // the handshake carries the size only: the monitors come with it here
                    }

                    // Charged as each is handled: the turn ends at the message that empties the budget.
                    while (handled < MessagesPerTurn && spent < available && session.Channel.TryDispatch(session))
                    {
                        handled++;
                        spent += MessageCosts.Plain + session.TakeCharges();
                    }
                }
            }
            finally
            {
                // Also when a violation ends the turn: reconnecting must not make the work before it free.
                endpoint.Budget.Spend(spent + session.TakeCharges());
            }

            more = handled > 0 && (handled == MessagesPerTurn || spent >= available);
            if (status == ReceiveStatus.Closed && !more)
            {
                // Whatever is left is a partial message: the channel says so when it is.
                throw new EndOfStreamException(session.Channel.Pending.Length > 0 ? "the agent closed the connection in the middle of a message" : "the agent closed the connection");
            }

            session.Channel.Flush();
        });
        return more && endpoint.Session == session;
    }

    /// <summary>
    /// The one place a qube's misbehaviour is caught: a violation or a broken connection
    /// disconnects that qube (its windows leave the screen); the daemon and other qubes go on.
    /// Logged with the header only, never a message body.
    /// </summary>
    private void Guard(QubeEndpoint endpoint, Action action)
    {
        try
        {
            action();
        }
        catch (ProtocolViolationException e)
        {
            Log.Warning($"qube {endpoint.Qube.Name} disconnected: {e.Message}");
            Disconnect(endpoint, $"broke the protocol ({e.Violation}) and was disconnected");
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or SocketException)
        {
            Log.Warning($"qube {endpoint.Qube.Name} disconnected: {e.Message}");
            Disconnect(endpoint);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of ours that a qube's message reached. It must not take every other qube down
            // with it: this qube is cut off and the bug is logged loudly.
            Log.Error($"qube {endpoint.Qube.Name} disconnected after an internal error (a daemon bug, please report): {e}");
            Disconnect(endpoint);
        }
    }

    /// <summary>A qube the copy broker could not send to (while handling another qube's message) is disconnected here.</summary>
    private void CutOffUnreachable()
    {
        foreach ((QubeSession session, string reason) in _copies.TakeCutOff())
        {
            if (_endpoints.FirstOrDefault(e => e.Session == session) is { } endpoint)
            {
                Log.Warning($"qube {endpoint.Qube.Name} disconnected: {reason}");
                Disconnect(endpoint);
            }
        }
    }

    /// <param name="why">What a copy the qube took part in tells the user (after "qube NAME").</param>
    private void Disconnect(QubeEndpoint endpoint, string why = "was disconnected")
    {
        Log.Debug($"qube {endpoint.Qube.Name}: disconnecting ({why})");
        if (endpoint.Session is { } session)
        {
            _clipboard.Forget(session);
            _copies.Forget(session, why);
        }

        endpoint.Session?.Dispose();
        endpoint.Session = null;
    }

    /// <summary>A non-owning handle over the X connection's descriptor, for waiting on it.</summary>
    private sealed class SafeFileHandleView(int fd) : SafeHandle(fd, ownsHandle: false)
    {
        public override bool IsInvalid => handle < 0;

        protected override bool ReleaseHandle() => true;
    }
}
