using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>SCREEN_CONFIG as it came off the wire: width, height, a count and <see cref="Limits.MaxMonitors"/> monitor slots.</summary>
public readonly ref struct UntrustedScreenLayout
{
    internal readonly uint Width, Height, Count;
    internal readonly ReadOnlySpan<byte> Slots;

    internal UntrustedScreenLayout(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (Width, Height, Count) = (reader.U32(), reader.U32(), reader.U32());
        Slots = reader.Bytes(Limits.MaxMonitors * 16);
    }

    /// <summary>
    /// The screen within the window limits and 1 to <see cref="Limits.MaxMonitors"/> monitors
    /// (<see cref="ProtocolViolation.ScreenLayoutInvalid"/>); each counted monitor at least 1x1 and
    /// inside the screen, every slot past the count all zero (<see cref="ProtocolViolation.ScreenMonitorInvalid"/>).
    /// </summary>
    public bool TryValidate(out ScreenLayout validated, out ProtocolViolation violation)
    {
        validated = default;
        violation = ScreenLayout.CheckScreen(Width, Height, Count);
        if (violation != ProtocolViolation.None)
        {
            return false;
        }

        // Bound: the loop runs over the fixed MaxMonitors slots, never over the peer's count.
        Span<MonitorArea> monitors = stackalloc MonitorArea[Limits.MaxMonitors];
        var reader = new WireReader(Slots);
        for (int i = 0; i < Limits.MaxMonitors; i++)
        {
            (uint x, uint y, uint width, uint height) = (reader.U32(), reader.U32(), reader.U32(), reader.U32());
            if (i >= Count)
            {
                // Security: no bytes may hide past the count, so the two sides read the same message.
                if ((x | y | width | height) != 0)
                {
                    violation = ProtocolViolation.ScreenMonitorInvalid;
                    return false;
                }

                continue;
            }

            violation = ScreenLayout.CheckMonitor(Width, Height, x, y, width, height);
            if (violation != ProtocolViolation.None)
            {
                return false;
            }

            monitors[i] = new MonitorArea((int)x, (int)y, (int)width, (int)height);
        }

        validated = new ScreenLayout((int)Width, (int)Height, monitors[..(int)Count]);
        return true;
    }
}
