using GuiVirt.Protocol;
using static GuiVirt.Protocol.ProtocolViolation;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>
/// SCREEN_CONFIG goes from the daemon to the agent only: a qube that sends one, to make the daemon
/// believe in a screen or monitors that are not there, is disconnected at the header.
/// </summary>
public static partial class HostileScenarios
{
    private static IEnumerable<HostileScenario> Screen()
    {
        uint[] sixteen = [.. Enumerable.Range(0, Limits.MaxMonitors).SelectMany(i => new uint[] { (uint)(i * 1024), 0, 1024, 6144 })];
        yield return HostileScenario.Violation("screen-config-from-agent", "SCREEN_CONFIG (daemon to agent only) claiming a 16384 x 6144 screen of 16 monitors, sent by the qube", WrongDirection,
            AfterWindow(Wire.Fields(MessageType.ScreenConfig, 0, [16384, 6144, (uint)Limits.MaxMonitors, .. sixteen])));
    }
}
