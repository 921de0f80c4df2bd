using System.Diagnostics;
using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>
/// An honest animating agent on the real socket: one window with a memfd grant, a new frame
/// <see cref="Fps"/> times a second (the whole grant filled with the frame's colour, then one
/// SHMIMAGE). Raw, like <see cref="Attacker"/>, so nothing between it and the daemon (no qube X
/// server, no capture) competes for the machine's two cores or adds its own jitter.
/// </summary>
internal sealed class PacedAgent : IDisposable
{
    public const int Fps = 60;
    private const uint Window = 0x10;

    private readonly Attacker _agent;
    private readonly IAgentGrant _grant;
    private readonly XRect _bounds;
    private readonly Task _loop;
    private volatile bool _stopping;

    private PacedAgent(Attacker agent, IAgentGrant grant, XRect bounds)
    {
        _agent = agent;
        _grant = grant;
        _bounds = bounds;
        _loop = Attacker.OnOwnThread(Animate);
    }

    /// <summary>Frame <paramref name="frame"/>'s colour: full red, the frame number below it, so two frames in a row always differ.</summary>
    public static uint Color(int frame) => 0x00FF_0000 | ((uint)frame & 0xFFFF);

    /// <summary>True for a pixel of one of this agent's frames.</summary>
    public static bool IsFrame(uint pixel) => (pixel & 0x00FF_0000) == 0x00FF_0000;

    /// <summary>Connects to <paramref name="socketPath"/>, shows a window at <paramref name="bounds"/> (qube coordinates, which the host keeps inside the frame) and starts animating.</summary>
    public static async Task<PacedAgent> StartAsync(string socketPath, XRect bounds)
    {
        Attacker agent = await Attacker.ConnectAsync(socketPath);
        uint width = (uint)bounds.Width, height = (uint)bounds.Height;
        agent.Send(Wire.Shown(Window, "paced", bounds.X, bounds.Y, width, height));
        IAgentGrant grant = new MemfdGrantAllocator().Allocate(width * height * 4);
        agent.SendWithFds(Wire.Dump(Window, width, height, width * 4), grant.ShareHandle);
        return new PacedAgent(agent, grant, bounds);
    }

    /// <summary>Frames sent so far.</summary>
    public int Sent { get; private set; }

    public void Dispose()
    {
        _stopping = true;
        _loop.Wait(TimeSpan.FromSeconds(10));
        _agent.Dispose();
        _grant.Dispose();
    }

    /// <summary>Frame after frame on a fixed schedule (frame n at n / Fps s): a late frame is sent at once, never skipped.</summary>
    private unsafe void Animate()
    {
        var clock = Stopwatch.StartNew();
        var pixels = new Span<uint>((void*)_grant.Address, _bounds.Width * _bounds.Height);
        byte[] image = Wire.Fields(MessageType.ShmImage, Window, 0, 0, (uint)_bounds.Width, (uint)_bounds.Height);
        for (int frame = 1; !_stopping && !_agent.CutOff; frame++)
        {
            pixels.Fill(Color(frame));
            _agent.Send(image);
            Sent = frame;
            TimeSpan wait = TimeSpan.FromSeconds((double)frame / Fps) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait); // the app's frame pacing, not a synchronisation
            }
        }
    }
}
