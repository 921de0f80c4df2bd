using System.Buffers.Binary;
using System.Text;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Agent.Tests;

/// <summary>
/// SCREEN_CONFIG on a real qube X server (an Xvfb of 1280x800): the screen takes the host's size
/// and its RandR monitors are the host's (then the Xvfb's own whole-screen monitor); a malformed
/// one is refused and changes nothing.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class AgentScreenTests : QubeSessionTest
{
    [Fact]
    public async Task TheQubesScreenTakesTheHostsSizeAndMonitors()
    {
        Session.Daemon.Channel!.Send(WindowId.None, new ScreenLayout(1024, 768, [new MonitorArea(0, 0, 512, 768), new MonitorArea(512, 100, 512, 600)]));

        await WaitForAsync(() => Screen() == (1024, 768) && Monitors() == "512x768+0+0 512x600+512+100 1024x768+0+0", () => $"{Screen()} with {Monitors()}");
        Session.Received.ThrowIfFailed();
    }

    [Fact]
    public async Task AMalformedScreenConfigIsRefusedAndChangesNothing()
    {
        // 17 monitors: one over the bound. Written by hand: no valid writer can make it.
        var message = new byte[MessageHeader.Size + Limits.ScreenConfigBodyBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)MessageType.ScreenConfig);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), Limits.ScreenConfigBodyBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(12), 1024);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(16), 768);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(20), 17);
        Session.Daemon.Channel!.SendHandshake(message); // raw bytes on the channel

        await WaitForAsync(() => Session.AgentLog.Contains(nameof(ProtocolViolation.ScreenLayoutInvalid), StringComparison.Ordinal), () => "the violation in the agent's log");
        Assert.Equal((1280, 800), Screen());
    }

    [Fact]
    public void SetScreenGivesTheXServerThatSizeAndExitsWithoutADaemon()
    {
        // What the qube's init runs before any app: no socket, no daemon, only the resize.
        (int code, _) = RunAgent("--display", Session.Qube.Display, "--set-screen", "1000x700");

        Assert.Equal(0, code);
        Assert.Equal((1000, 700), Screen());
    }

    [Theory]
    [InlineData("0x700")]
    [InlineData("1000x")]
    [InlineData("1000x700x1")]
    [InlineData("40000x700")]
    [InlineData("-5x700")]
    [InlineData("1000X700")]
    public void AMalformedSetScreenSizeIsRefusedAndChangesNothing(string size)
    {
        (int code, string errors) = RunAgent("--display", Session.Qube.Display, "--set-screen", size);

        Assert.Equal(2, code);
        Assert.Contains($"--set-screen wants WxH, each 1 to 32767, not '{size}'", errors, StringComparison.Ordinal);
        Assert.Equal((1280, 800), Screen());
    }

    private static (int Code, string Errors) RunAgent(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])[BuiltProgram.Path("GuiAgent", "guivirt-agent.dll"), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var agent = System.Diagnostics.Process.Start(start)!;
        Task<string> errors = agent.StandardError.ReadToEndAsync();
        _ = agent.StandardOutput.ReadToEndAsync();
        Assert.True(agent.WaitForExit(TimeSpan.FromSeconds(20)), "the agent did not exit");
        return (agent.ExitCode, errors.Result);
    }

    private (int, int) Screen()
    {
        using XDisplay qube = XDisplay.Open(Session.Qube.Display);
        return (qube.Width, qube.Height);
    }

    /// <summary>`xrandr --listmonitors` in the qube, each monitor as WxH+X+Y.</summary>
    private string Monitors()
    {
        string output = Encoding.UTF8.GetString(ToolProcess.Run(Session.Qube.Display, "xrandr", "--listmonitors").Output);
        return string.Join(' ', output.Split('\n').Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Length >= 3)
            .Select(words => System.Text.RegularExpressions.Regex.Replace(words[2], "/[0-9]+", "")));
    }

    private async Task WaitForAsync(Func<bool> condition, Func<string> what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what()}; agent log:\n{Session.AgentLog}");
            await Task.Delay(50);
        }
    }
}
