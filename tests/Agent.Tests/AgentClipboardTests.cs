using System.Text;
using GuiVirt.Protocol;
using GuiVirt.TestSupport;

namespace GuiVirt.Agent.Tests;

/// <summary>The clipboard both ways, with xclip as the qube's app.</summary>
[Collection(XServerCollection.Name)]
public sealed class AgentClipboardTests : QubeSessionTest
{
    [Fact]
    public async Task TheQubesClipboardAnswersARequest()
    {
        using ToolProcess copy = ToolProcess.Start(Session.Qube.Display, "xclip", ["-selection", "clipboard", "-i"], input: "wörld ✓");
        await WaitForOwnerAsync();
        Session.Daemon.Channel!.SendEmpty(MessageType.ClipboardRequest, WindowId.None);
        var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.ClipboardData), "CLIPBOARD_DATA");
        Assert.Equal("wörld ✓", Encoding.UTF8.GetString((byte[])messages.First(m => m.Type == MessageType.ClipboardData).Body!));
    }

    [Fact]
    public async Task AnEmptyClipboardAnswersEmpty()
    {
        Session.Daemon.Channel!.SendEmpty(MessageType.ClipboardRequest, WindowId.None);
        var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.ClipboardData), "CLIPBOARD_DATA");
        Assert.Empty((byte[])messages.First(m => m.Type == MessageType.ClipboardData).Body!);
    }

    [Fact]
    public async Task APasteIsServedToTheQubesApps()
    {
        await Session.Received.WaitForAsync(_ => true, "the connection");
        Session.Daemon.Channel!.SendClipboardData("héllo from the host"u8);
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        string pasted = "";
        while (DateTime.UtcNow < deadline && pasted != "héllo from the host")
        {
            (int exit, byte[] output) = ToolProcess.Run(Session.Qube.Display, "xclip", "-selection", "clipboard", "-o");
            pasted = exit == 0 ? Encoding.UTF8.GetString(output) : "";
            await Task.Delay(100);
        }

        Assert.Equal("héllo from the host", pasted);
        (int code, byte[] targets) = ToolProcess.Run(Session.Qube.Display, "xclip", "-selection", "clipboard", "-o", "-t", "TARGETS");
        Assert.Equal(0, code);
        Assert.Contains("UTF8_STRING", Encoding.ASCII.GetString(targets), StringComparison.Ordinal);
    }

    private async Task WaitForOwnerAsync()
    {
        using var client = new XClient(Session.Qube.Display);
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (client.SelectionOwner("CLIPBOARD") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "xclip never took the clipboard");
            await Task.Delay(50);
        }
    }
}
