using System.Text;
using GuiVirt.Protocol;
using GuiVirt.TestSupport;

namespace GuiVirt.Agent.Tests;

/// <summary>The clipboard both ways, with xclip as the qube's app.</summary>
[Collection(XServerCollection.Name)]
public sealed class AgentClipboardTests : IAsyncLifetime
{
    private readonly QubeSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task TheQubesClipboardAnswersARequest()
    {
        using ToolProcess copy = ToolProcess.Start(_session.Qube.Display, "xclip", ["-selection", "clipboard", "-i"], input: "wörld ✓");
        await WaitForOwnerAsync();
        _session.Daemon.Channel!.SendEmpty(MessageType.ClipboardRequest, WindowId.None);
        var messages = await _session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.ClipboardData), "CLIPBOARD_DATA");
        Assert.Equal("wörld ✓", Encoding.UTF8.GetString((byte[])messages.First(m => m.Type == MessageType.ClipboardData).Body!));
    }

    [Fact]
    public async Task AnEmptyClipboardAnswersEmpty()
    {
        _session.Daemon.Channel!.SendEmpty(MessageType.ClipboardRequest, WindowId.None);
        var messages = await _session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.ClipboardData), "CLIPBOARD_DATA");
        Assert.Empty((byte[])messages.First(m => m.Type == MessageType.ClipboardData).Body!);
    }

    [Fact]
    public async Task APasteIsServedToTheQubesApps()
    {
        await _session.Received.WaitForAsync(_ => true, "the connection");
        _session.Daemon.Channel!.SendClipboardData("héllo from the host"u8);
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        string pasted = "";
        while (DateTime.UtcNow < deadline && pasted != "héllo from the host")
        {
            (int exit, byte[] output) = ToolProcess.Run(_session.Qube.Display, "xclip", "-selection", "clipboard", "-o");
            pasted = exit == 0 ? Encoding.UTF8.GetString(output) : "";
            await Task.Delay(100);
        }

        Assert.Equal("héllo from the host", pasted);
        (int code, byte[] targets) = ToolProcess.Run(_session.Qube.Display, "xclip", "-selection", "clipboard", "-o", "-t", "TARGETS");
        Assert.Equal(0, code);
        Assert.Contains("UTF8_STRING", Encoding.ASCII.GetString(targets), StringComparison.Ordinal);
    }

    private async Task WaitForOwnerAsync()
    {
        using var client = new XClient(_session.Qube.Display);
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (client.SelectionOwner("CLIPBOARD") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "xclip never took the clipboard");
            await Task.Delay(50);
        }
    }
}
