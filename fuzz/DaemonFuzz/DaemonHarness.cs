using System.Buffers.Binary;
using System.Net.Sockets;
using GuiVirt.GuiDaemon.Clipboard;
using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Session;
using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Interop;
using GuiVirt.X11;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.DaemonFuzz;

/// <summary>
/// One fuzz input through the daemon's real handling of one qube: the bytes go into a real
/// <see cref="MessageChannel"/> over an in-process socket pair, and the daemon's turn (receive,
/// version handshake, framing, validation, dispatch to <see cref="QubeSession"/> and its window
/// table) runs as <c>Daemon.Serve</c> runs it, on an <see cref="InMemoryHost"/> instead of an X
/// server. An input is handled, or refused with <see cref="ProtocolViolationException"/> (the
/// daemon would disconnect the qube); anything else escapes and is a crash.
/// </summary>
public static class DaemonHarness
{
    /// <summary>As the daemon's loop: at most this many messages of one qube per turn.</summary>
    private const int MessagesPerTurn = 256;

    /// <summary>Turns without progress after which the harness stops waiting (the daemon would just wait for more bytes).</summary>
    private const int StalledTurns = 2;

    private static readonly QubeConfig Qube = new("work", Label.TryParse("orange")!);

    // Keycodes of c and v on a US keyboard; only the harness presses them.
    private static readonly (Hotkey Copy, Hotkey Paste) Hotkeys = (new Hotkey(54, 5), new Hotkey(55, 5));

    /// <summary>How a run ended (for --replay and the tests).</summary>
    public enum Outcome
    {
        /// <summary>Every byte was handled.</summary>
        Handled,

        /// <summary>The daemon refused the input and would disconnect the qube.</summary>
        Refused,
    }

    /// <summary>Runs one input; throws for a crash (any exception but a protocol violation, or a broken invariant).</summary>
    public static Outcome Run(ReadOnlySpan<byte> input) => Run(input, out _);

    /// <summary>Runs one input and says why the daemon refused it, if it did.</summary>
    public static Outcome Run(ReadOnlySpan<byte> input, out ProtocolViolationException? refusal) => Run(input, out refusal, upscale: 1);

    /// <summary>
    /// The same for a qube configured with <paramref name="upscale"/> (1 or 2): at 2 every put goes
    /// through the in-memory host's scaled path, checked against the frame's interior.
    /// </summary>
    public static Outcome Run(ReadOnlySpan<byte> input, out ProtocolViolationException? refusal, int upscale)
    {
        QubeConfig qube = upscale == 1 ? Qube : Qube with { Upscale = upscale };
        refusal = null;
        // An empty input still connects and disconnects a qube. SharpFuzz's first run can read an
        // empty input (before afl-fuzz has written the first one), and AFL gives up on a target
        // whose first run touched no instrumented code ("No instrumentation detected").
        var options = input.IsEmpty ? HarnessOptions.None : (HarnessOptions)input[0];
        ReadOnlySpan<byte> stream = input.IsEmpty ? [] : input[1..];
        // Small limits, so that inputs of a few messages reach them. (The message rate is
        // Daemon.Serve's, which the harness's turn does not copy.)
        var limits = new ResourceLimits { MaxWindows = 8, MaxGrantMiB = 64 };
        var daemonOptions = new DaemonOptions(null, "", [qube], FrameWidth: 2, new DaemonConfig { Limits = limits }, AuditLogPath: "/dev/null");
        var grants = new InMemoryGrants(options.HasFlag(HarnessOptions.GrantsRefused));
        var host = new InMemoryHost(qube, daemonOptions.FrameWidth, grants, options.HasFlag(HarnessOptions.HostRefusesGrants))
        {
            WindowManagerRuns = options.HasFlag(HarnessOptions.WindowManagerRuns),
        };
        var clipboard = new ClipboardBroker(daemonOptions.Config, new AuditLog(daemonOptions.AuditLogPath), (_, _) => { }, TimeProvider.System);
        (SafeFileHandle daemonFd, SafeFileHandle agentFd) = SocketMessages.CreatePair();
        var daemonSocket = new Socket(new SafeSocketHandle(daemonFd.DangerousGetHandle(), ownsHandle: true));
        daemonFd.SetHandleAsInvalid(); // the Socket owns the descriptor now
        var session = new QubeSession(qube, new MessageChannel(daemonSocket, PeerRole.Agent), host, grants, daemonOptions, clipboard, Hotkeys, TimeProvider.System);
        var run = new AgentSide(session, host, grants, limits.MaxGrantBytes, agentFd, options);
        Outcome outcome;
        try
        {
            run.SendAll(stream);
            outcome = Outcome.Handled;
        }
        catch (ProtocolViolationException e)
        {
            refusal = e;
            outcome = Outcome.Refused; // the daemon's Guard: this qube is disconnected, nothing else
        }
        finally
        {
            clipboard.Forget(session);
            session.Dispose();
            agentFd.Dispose();
        }

        // Disconnected or done, the qube leaves nothing behind on the host.
        host.CheckAllReleased();
        grants.CheckAllReleased();
        return outcome;
    }

    /// <summary>The agent's side of one run: what goes into the socket, and the daemon's turns in between.</summary>
    private sealed class AgentSide(QubeSession session, InMemoryHost host, InMemoryGrants grants, long maxGrantBytes, SafeFileHandle agent, HarnessOptions options)
    {
        private readonly byte[] _drain = new byte[64 * 1024];
        private readonly List<SafeFileHandle> _drainedFds = [];
        private readonly AgentView _agentView = new();
        private int _fdsReceived;

        public void SendAll(ReadOnlySpan<byte> stream)
        {
            int offset = 0;
            bool first = true;
            while (offset < stream.Length)
            {
                int length = ChunkLength(stream[offset..], first);
                if (!Send(stream.Slice(offset, length), WantsFd(stream[offset..], first)))
                {
                    return; // the daemon waits for bytes that will not come: nothing more to see
                }

                offset += length;
                first = false;
                Turn();
            }

            while (Turn())
            {
            }
        }

        /// <summary>The hello, then what each header's length field says (the attacker's own framing, so descriptors can ride with chosen bytes).</summary>
        private static int ChunkLength(ReadOnlySpan<byte> rest, bool first)
        {
            if (first)
            {
                return Math.Min(rest.Length, 4);
            }

            if (rest.Length < MessageHeader.Size)
            {
                return rest.Length;
            }

            long claimed = MessageHeader.Size + (long)BinaryPrimitives.ReadUInt32LittleEndian(rest[8..]);
            return (int)Math.Min(rest.Length, claimed);
        }

        private bool WantsFd(ReadOnlySpan<byte> chunk, bool first)
        {
            bool noFds = options.HasFlag(HarnessOptions.NoFds), everyChunk = options.HasFlag(HarnessOptions.FdWithEveryChunk);
            if (first)
            {
                return noFds && everyChunk; // a descriptor before the hello
            }

            bool dump = chunk.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(chunk) is (uint)MessageType.WindowDump or (uint)MessageType.ClipboardImage;
            return everyChunk ? !noFds || dump : !noFds && dump;
        }

        /// <summary>Sends a chunk (its descriptor with the first byte), giving the daemon turns while the socket is full.</summary>
        private bool Send(ReadOnlySpan<byte> chunk, bool withFd)
        {
            using SafeFileHandle? fd = withFd ? File.OpenHandle("/dev/null") : null;
            int sent = 0, stalled = 0;
            while (sent < chunk.Length)
            {
                SocketMessages.Outcome outcome = SocketMessages.Send(agent, chunk[sent..], sent == 0 ? fd : null);
                if (outcome.WouldBlock)
                {
                    stalled = Turn() ? 0 : stalled + 1;
                    if (stalled >= StalledTurns)
                    {
                        return false;
                    }

                    continue;
                }

                if (outcome.Bytes < 0)
                {
                    throw new IOException($"sending to the daemon's socket: errno {outcome.Errno}");
                }

                sent += (int)outcome.Bytes;
            }

            return true;
        }

        /// <summary>One turn of the daemon for this qube, as Daemon.Serve does it; true if it made progress.</summary>
        private bool Turn()
        {
            MessageChannel channel = session.Channel;
            int before = channel.Pending.Length;
            ReceiveStatus status = channel.ReceiveAvailable();
            int handled = 0;
            if (session.Connected || session.TryHandshake())
            {
                while (handled < MessagesPerTurn && channel.TryDispatch(session))
                {
                    handled++;
                    HostEvents();
                }
            }

            channel.Flush();
            Drain();
            if (grants.LiveBytes > maxGrantBytes)
            {
                throw new InvariantException($"the qube holds {grants.LiveBytes} bytes of grants, over the limit");
            }

            return handled > 0 || (status == ReceiveStatus.Received && channel.Pending.Length != before);
        }

        /// <summary>What the host does between messages, as the daemon's PumpHost delivers it: only to this qube's windows.</summary>
        private void HostEvents()
        {
            foreach (XWindow window in host.Windows.ToList())
            {
                if (!session.TryGetByHostWindow(window, out HostWindow shown))
                {
                    throw new InvariantException($"host window {window} belongs to no window of the qube");
                }

                XRect bounds = host.BoundsOf(window);
                if (options.HasFlag(HarnessOptions.UserActs))
                {
                    Deliver(shown, new XEventData { Kind = XEventKind.Expose, Window = window, Width = bounds.Width, Height = bounds.Height });
                    Deliver(shown, new XEventData { Kind = XEventKind.FocusIn, Window = window, Detail = 3 });
                    Deliver(shown, new XEventData { Kind = XEventKind.KeyPress, Window = window, Detail = Hotkeys.Copy.Keycode, State = Hotkeys.Copy.Modifiers });
                    Deliver(shown, new XEventData { Kind = XEventKind.KeyRelease, Window = window, Detail = Hotkeys.Copy.Keycode, State = Hotkeys.Copy.Modifiers });
                    Deliver(shown, new XEventData { Kind = XEventKind.KeyPress, Window = window, Detail = Hotkeys.Paste.Keycode, State = Hotkeys.Paste.Modifiers });
                    Deliver(shown, new XEventData { Kind = XEventKind.Motion, Window = window, X = 5, Y = 5 });
                }

                if (options.HasFlag(HarnessOptions.WindowManagerRuns))
                {
                    // Reparented into a frame: a real notify relative to it (as openbox's (1,20)), then the synthetic one in root coordinates.
                    Deliver(shown, new XEventData { Kind = XEventKind.Reparent, Window = window, Other = new XWindow(0x7000_0001) });
                    Deliver(shown, new XEventData { Kind = XEventKind.Configure, Window = window, X = 1, Y = 20, Width = bounds.Width, Height = bounds.Height });
                    Deliver(shown, new XEventData { Kind = XEventKind.Configure, Window = window, X = bounds.X, Y = bounds.Y, Width = bounds.Width, Height = bounds.Height, Synthetic = true });
                }
                else if (options.HasFlag(HarnessOptions.ConfigureEchoes))
                {
                    Deliver(shown, new XEventData { Kind = XEventKind.Configure, Window = window, X = bounds.X, Y = bounds.Y, Width = bounds.Width, Height = bounds.Height });
                }

                if (options.HasFlag(HarnessOptions.UserMovesAndIconifies))
                {
                    var moved = new XRect(bounds.X / 2, bounds.Y / 2, Math.Max(bounds.Width / 2, 20), Math.Max(bounds.Height / 2, 20));
                    host.WindowManagerMoves(window, moved);
                    Deliver(shown, new XEventData { Kind = XEventKind.Configure, Window = window, X = moved.X, Y = moved.Y, Width = moved.Width, Height = moved.Height });
                    Deliver(shown, new XEventData { Kind = XEventKind.Unmap, Window = window });
                    Deliver(shown, new XEventData { Kind = XEventKind.Map, Window = window });
                }
            }
        }

        private void Deliver(HostWindow shown, in XEventData e) => session.OnHostEvent(shown, e);

        /// <summary>The agent reads what the daemon sent (so the daemon's bounded output never fills) and checks it is valid protocol.</summary>
        private void Drain()
        {
            while (true)
            {
                SocketMessages.Outcome outcome = SocketMessages.Receive(agent, _drain, _drainedFds, out _);
                _fdsReceived += _drainedFds.Count;
                _drainedFds.ForEach(fd => fd.Dispose());
                _drainedFds.Clear();
                if (outcome.Bytes > 0)
                {
                    _agentView.Add(_drain.AsSpan(0, (int)outcome.Bytes));
                }

                // A descriptor rides on the first byte of its message: only a CLIPBOARD_IMAGE paste
                // (whole, or the one message not yet whole) may have brought one.
                if (_fdsReceived > _agentView.ClipboardImages + (_agentView.PendingBytes > 0 ? 1 : 0))
                {
                    throw new InvariantException("the daemon sent a qube a file descriptor without a CLIPBOARD_IMAGE");
                }

                if (outcome.Bytes <= 0)
                {
                    return;
                }
            }
        }
    }
}
