using GuiVirt.Protocol;
using static GuiVirt.Protocol.ProtocolViolation;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>
/// DOCK: docking twice, a window the qube does not have, an override-redirect or a huge window, a
/// docked window grown past the icon bound, and more icons than a qube may have.
/// </summary>
public static partial class HostileScenarios
{
    private static IEnumerable<HostileScenario> Tray()
    {
        yield return new HostileScenario("dock-twice", "DOCK of a 24 x 24 window, then DOCK of it again", Verdict.Contained, ": DOCK of window 0x100, already docked, ignored",
            Sends(Wire.Create(W, 700, 400, 24, 24), Wire.Empty(MessageType.Dock, W), Wire.Empty(MessageType.Dock, W)));
        yield return HostileScenario.Violation("dock-unknown", "DOCK of a window the qube never created", UnknownWindow,
            Sends(Wire.Empty(MessageType.Dock, W)));
        yield return HostileScenario.Violation("dock-override-redirect", "DOCK of a 24 x 24 override-redirect window", TrayIconRefused,
            Sends(Wire.Create(W, 700, 400, 24, 24, overrideRedirect: 1), Wire.Empty(MessageType.Dock, W)));
        yield return HostileScenario.Violation("dock-huge", "DOCK of a 129 x 24 window (one column over the icon bound)", TrayIconSizeInvalid,
            Sends(Wire.Create(W, 700, 400, 129, 24), Wire.Empty(MessageType.Dock, W)));
        yield return HostileScenario.Violation("docked-grows", "DOCK of a 24 x 24 window, then CONFIGURE of it to 1000 x 800", TrayIconSizeInvalid,
            Sends(Wire.Create(W, 700, 400, 24, 24), Wire.Empty(MessageType.Dock, W), Wire.Configure(W, 700, 400, 1000, 800)));
        yield return HostileScenario.Violation("dock-flood", "33 windows of 16 x 16 created and docked, one over the 32 icons a qube may have", TrayIconRefused,
            Sends([.. Enumerable.Range(0, Limits.MaxTrayIcons + 1).SelectMany(i => new[] { Wire.Create(W + (uint)i, 700, 400, 16, 16), Wire.Empty(MessageType.Dock, W + (uint)i) })]));
    }
}
