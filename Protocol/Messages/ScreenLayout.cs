using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>One monitor of a <see cref="ScreenLayout"/>: a rectangle of the screen, in pixels.</summary>
public readonly record struct MonitorArea(int X, int Y, int Width, int Height);

/// <summary>
/// SCREEN_CONFIG (daemon to agent, a GuiVirt extension): the host's screen size and its monitors,
/// so the qube's X screen takes the host's size and its RandR monitors are the host's (apps put
/// dialogs and fullscreen windows on the right monitor). The screen is within the window limits;
/// 1 to <see cref="Limits.MaxMonitors"/> monitors, each at least 1x1 and wholly inside the screen;
/// the slots past the count are all zero.
/// </summary>
public readonly record struct ScreenLayout : IMessageBody
{
    private readonly MonitorArea[]? _monitors;

    /// <summary>Creates a SCREEN_CONFIG body; throws <see cref="ArgumentException"/> for values the agent would refuse.</summary>
    public ScreenLayout(int width, int height, ReadOnlySpan<MonitorArea> monitors)
    {
        ProtocolViolation violation = CheckScreen(Bits.Unsigned(width), Bits.Unsigned(height), (uint)monitors.Length);
        foreach (MonitorArea monitor in monitors)
        {
            violation = Checks.First(violation, CheckMonitor(width, height, Bits.Unsigned(monitor.X), Bits.Unsigned(monitor.Y), Bits.Unsigned(monitor.Width), Bits.Unsigned(monitor.Height)));
        }

        Checks.ThrowIfInvalid(violation, nameof(ScreenLayout));
        (Width, Height, _monitors) = (width, height, monitors.ToArray());
    }

    /// <summary>
    /// The daemon's producer: the host's monitors made fit for the wire. Monitors are clipped to
    /// the screen; empty ones (wholly off the screen) are dropped; beyond <see cref="Limits.MaxMonitors"/>
    /// the rest are dropped; with none left, the whole screen is the one monitor. The screen
    /// itself is clamped to the window limits. What this returns always passes the agent's checks.
    /// </summary>
    public static ScreenLayout FromHost(int width, int height, IEnumerable<(int X, int Y, int Width, int Height)> monitors)
    {
        ArgumentNullException.ThrowIfNull(monitors);
        width = Math.Clamp(width, 1, Limits.MaxWindowWidth);
        height = Math.Clamp(height, 1, Limits.MaxWindowHeight);
        var fitted = new List<MonitorArea>(Limits.MaxMonitors);
        foreach ((int x, int y, int w, int h) in monitors)
        {
            // Bound: the count stops at MaxMonitors, whatever the host reports.
            if (fitted.Count == Limits.MaxMonitors)
            {
                break;
            }

            // Clip to the screen in long arithmetic: no host value can wrap.
            long left = Math.Max(0L, x), top = Math.Max(0L, y);
            long right = Math.Min((long)width, (long)x + Math.Max(0, w)), bottom = Math.Min((long)height, (long)y + Math.Max(0, h));
            if (right > left && bottom > top)
            {
                fitted.Add(new MonitorArea((int)left, (int)top, (int)(right - left), (int)(bottom - top)));
            }
        }

        if (fitted.Count == 0)
        {
            fitted.Add(new MonitorArea(0, 0, width, height));
        }

        return new ScreenLayout(width, height, [.. fitted]);
    }

    /// <summary>Screen width in pixels.</summary>
    public int Width { get; }
    /// <summary>Screen height in pixels.</summary>
    public int Height { get; }
    /// <summary>The monitors, 1 to <see cref="Limits.MaxMonitors"/>, in the host's order.</summary>
    public ReadOnlySpan<MonitorArea> Monitors => _monitors ?? [];

    static MessageType IMessageBody.Type => MessageType.ScreenConfig;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        destination.Clear(); // the slots past the count stay zero
        var writer = new WireWriter(destination);
        writer.U32((uint)Width);
        writer.U32((uint)Height);
        writer.U32((uint)Monitors.Length);
        foreach (MonitorArea monitor in Monitors)
        {
            writer.U32((uint)monitor.X);
            writer.U32((uint)monitor.Y);
            writer.U32((uint)monitor.Width);
            writer.U32((uint)monitor.Height);
        }
    }

    /// <inheritdoc/>
    public bool Equals(ScreenLayout other) => Width == other.Width && Height == other.Height && Monitors.SequenceEqual(other.Monitors);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Width);
        hash.Add(Height);
        foreach (MonitorArea monitor in Monitors)
        {
            hash.Add(monitor);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Width}x{Height}: {string.Join(", ", Monitors.ToArray().Select(m => $"{m.Width}x{m.Height}+{m.X}+{m.Y}"))}";

    /// <summary>Security (agent): the screen within the window limits, 1 to <see cref="Limits.MaxMonitors"/> monitors.</summary>
    internal static ProtocolViolation CheckScreen(uint width, uint height, uint count) =>
        Checks.Size(width, height) == ProtocolViolation.None && count is >= 1 and <= Limits.MaxMonitors
            ? ProtocolViolation.None
            : ProtocolViolation.ScreenLayoutInvalid;

    /// <summary>
    /// Security (agent): a monitor is at least 1x1 and wholly inside the screen, in long
    /// arithmetic so that no x + width can wrap; the agent passes these to RandR as they are.
    /// </summary>
    internal static ProtocolViolation CheckMonitor(long screenWidth, long screenHeight, uint x, uint y, uint width, uint height) =>
        width >= 1 && height >= 1 && (long)x + width <= screenWidth && (long)y + height <= screenHeight
            ? ProtocolViolation.None
            : ProtocolViolation.ScreenMonitorInvalid;
}
