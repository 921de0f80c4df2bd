using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// The host's keyboard layout and run-time remappings, passed to the qube so that the keycodes
/// the daemon forwards mean the same keys and characters there. The data flows host to qube only.
/// </summary>
internal sealed partial class QubeSession
{
    /// <summary>Sends the host's layout (when it has one that can be passed on) and then the keycodes remapped since it was loaded.</summary>
    public void SendKeyboard(KeyboardLayout? layout, IEnumerable<Keysyms> remapped)
    {
        if (!Connected)
        {
            return; // the handshake sends the whole state once it is done
        }

        if (layout is { } names)
        {
            Channel.Send(WindowId.None, names);
        }

        foreach (Keysyms keysyms in remapped)
        {
            Channel.Send(WindowId.None, keysyms);
        }
    }
}
