using System.Text;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.TestSupport;

namespace GuiVirt.Agent.Tests;

/// <summary>
/// KEYBOARD_LAYOUT and KEYSYMS on a real qube X server: the layout is loaded, an unknown one leaves
/// the keymap as it was and the agent keeps working, a remapped keycode is set.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class AgentKeyboardTests : QubeSessionTest
{
    [Fact]
    public async Task AnUnknownLayoutKeepsTheLoadedOneAndTheAgentKeepsWorking()
    {
        Session.Daemon.Channel!.Send(WindowId.None, new KeyboardLayout("evdev", "pc105", "de", "", "", 0));
        await WaitForKeycodeAsync(52, "y"); // the key US calls z is y on a German keyboard

        Session.Daemon.Channel!.Send(WindowId.None, new KeyboardLayout("evdev", "pc105", "nosuchlayout", "", "", 0));
        // Still working: a remapping sent after it is applied, and the German map is still there.
        Session.Daemon.Channel!.Send(WindowId.None, new Keysyms(8, [0xe9, 0xc9]));
        await WaitForKeycodeAsync(8, "eacute");
        Assert.Contains("keycode  52 = y Y", Keymap(), StringComparison.Ordinal);
        Assert.Contains("nosuchlayout", Session.AgentLog, StringComparison.Ordinal);
        Session.Received.ThrowIfFailed();
    }

    /// <summary>Polls xmodmap until keycode <paramref name="keycode"/>'s first keysym is <paramref name="keysym"/>.</summary>
    private async Task WaitForKeycodeAsync(int keycode, string keysym)
    {
        string prefix = $"keycode {keycode,3} = {keysym} ";
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        string map = "";
        while (!(map = Keymap()).Split('\n').Any(line => line.StartsWith(prefix, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"keycode {keycode} never became {keysym}; agent log:\n{Session.AgentLog}\n{map}");
            await Task.Delay(50);
        }
    }

    private string Keymap() => Encoding.UTF8.GetString(ToolProcess.Run(Session.Qube.Display, "xmodmap", "-pke").Output);
}
