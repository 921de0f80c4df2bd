using GuiVirt.GuiDaemon.Clipboard;
using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Session;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.TestSupport;
using GuiVirt.X11;
using Microsoft.Extensions.Time.Testing;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// What a qube's messages cost (<see cref="MessageCosts"/>): a real session on a real Xvfb, its
/// handlers called with validated messages, the charges read back after each; the per-window
/// raise limit on a clock the test steps by hand.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class MessageCostsTests : IDisposable
{
    private static readonly QubeConfig Qube = new("work", Label.TryParse("blue")!);
    private static readonly WindowId First = new(1), Second = new(2);
    private readonly XvfbServer _x = new(640, 480);
    private readonly XDisplay _host;
    private readonly FakeTimeProvider _clock = new();
    private readonly MessageChannel _agentEnd;
    private readonly QubeSession _session;
    private readonly IAgentGrant _grant = new MemfdGrantAllocator().Allocate(100 * 100 * 4);

    public MessageCostsTests()
    {
        _host = XDisplay.Open(_x.Display);
        (MessageChannel daemonEnd, _agentEnd) = MessageChannel.CreatePair();
        var options = new DaemonOptions(null, "", [Qube], FrameWidth: 2, new DaemonConfig(), AuditLogPath: "/dev/null");
        var clipboard = new ClipboardBroker(options.Config, new AuditLog(options.AuditLogPath), (_, _) => { }, _clock);
        _session = new QubeSession(Qube, daemonEnd, _host, options, clipboard, hotkeys: null, _clock);
    }

    [Fact]
    public void AFullHdAppAt60HzFitsTheDefaultBudgetWithRoomToSpare()
    {
        long perSecond = 60 * (MessageCosts.Plain + MessageCosts.Pixels(1920, 1080));
        Assert.Equal(30_480, perSecond);
        Assert.True(perSecond * 3 / 2 < new ResourceLimits().MessagesPerSecond); // a third of the budget still free
        Assert.Equal(1, MessageCosts.Pixels(1, 1)); // rounded up: no pixels for free
        Assert.Equal(2, MessageCosts.Pixels(4097, 1));
    }

    [Fact]
    public void PixelsAreChargedByTheAreaReallyPut()
    {
        _session.OnCreate(First, new Create(50, 50, 100, 100, false));
        Assert.Equal(MessageCosts.Create, _session.TakeCharges()); // its properties included
        _session.OnWindowHints(First, new WindowHints(SizeHintFlags.MinSize, 10, 10, 0, 0, 0, 0, 0, 0));
        Assert.Equal(MessageCosts.Property, _session.TakeCharges());
        _session.OnWindowDump(First, new WindowDump(100, 100, 400), _grant.ShareHandle);
        Assert.Equal(MessageCosts.Grant + MessageCosts.Frame + MessageCosts.Pixels(104, 104), _session.TakeCharges()); // the whole host window repainted
        _session.OnShmImage(First, new ShmImage(0, 0, 64, 64));
        Assert.Equal(1, _session.TakeCharges());
        _session.OnShmImage(First, new ShmImage(0, 0, 100, 100));
        Assert.Equal(3, _session.TakeCharges());
        _session.OnShmImage(First, new ShmImage(90, 90, 1000, 1000)); // clipped to the grant: 10 x 10 put
        Assert.Equal(1, _session.TakeCharges());
        _session.OnWindowName(First, new WindowName("title"));
        Assert.Equal(MessageCosts.Property, _session.TakeCharges());
    }

    [Fact]
    public void RestacksAndMovesCostTheirFixedPriceAndRepeatsCostNothingMore()
    {
        _session.OnCreate(First, new Create(50, 50, 100, 100, false));
        _session.OnCreate(Second, new Create(300, 50, 100, 100, false));
        _session.OnMap(Second, new MapInfo(WindowId.None, false));
        _session.TakeCharges();
        _session.OnMap(First, new MapInfo(WindowId.None, false));
        Assert.Equal(MessageCosts.Restack, _session.TakeCharges());
        _session.OnConfigure(First, new Configure(50, 50, 100, 100, false)); // where it is already
        Assert.Equal(0, _session.TakeCharges());
        _session.OnConfigure(First, new Configure(80, 50, 100, 100, false));
        Assert.Equal(MessageCosts.Configure, _session.TakeCharges());
        _session.OnUnmap(First);
        Assert.Equal(MessageCosts.Restack, _session.TakeCharges());
        _session.OnDestroy(First); // unmapped: no hole to repaint
        Assert.Equal(0, _session.TakeCharges());
        _session.OnDestroy(Second); // mapped: a restack
        Assert.Equal(MessageCosts.Restack, _session.TakeCharges());
    }

    [Fact]
    public void RaisesOfAMappedWindowAreLimitedPerWindowAndComeBackWithTime()
    {
        _session.OnCreate(First, new Create(50, 50, 100, 100, false));
        _session.OnCreate(Second, new Create(300, 50, 100, 100, false));
        _session.OnMap(First, new MapInfo(WindowId.None, false));
        _session.OnMap(Second, new MapInfo(WindowId.None, false));
        _session.TakeCharges();
        for (int raise = 0; raise < MessageCosts.RaisesPerSecond; raise++)
        {
            _session.OnMap(First, new MapInfo(WindowId.None, false));
            Assert.Equal(MessageCosts.Restack, _session.TakeCharges());
        }

        _session.OnMap(First, new MapInfo(WindowId.None, false)); // one too many: ignored, so no X work to pay for
        Assert.Equal(0, _session.TakeCharges());
        _session.OnMap(Second, new MapInfo(WindowId.None, false)); // another window's raises are its own
        Assert.Equal(MessageCosts.Restack, _session.TakeCharges());
        _clock.Advance(TimeSpan.FromSeconds(1.0 / MessageCosts.RaisesPerSecond));
        _session.OnMap(First, new MapInfo(WindowId.None, false));
        Assert.Equal(MessageCosts.Restack, _session.TakeCharges());
        _session.OnUnmap(First);
        _session.OnMap(First, new MapInfo(WindowId.None, false)); // mapping an unmapped window is no raise: never limited
        Assert.Equal(2 * MessageCosts.Restack, _session.TakeCharges());
    }

    [Fact]
    public void ASeriesOfExposesIsRepaintedOnceAndChargedToTheWindowsQube()
    {
        _session.OnCreate(First, new Create(50, 50, 100, 100, false));
        _session.OnWindowName(First, new WindowName("exposed"));
        _session.OnWindowDump(First, new WindowDump(100, 100, 400), _grant.ShareHandle);
        _session.OnMap(First, new MapInfo(WindowId.None, false));
        _host.Flush();
        _session.TakeCharges();
        using var screen = new HostScreen(_x.Display);
        (XWindow host, _) = screen.WaitForWindow("[work] exposed");
        Assert.True(_session.TryGetByHostWindow(host, out HostWindow shown));
        XEventData Expose(int x, int y, uint count) => new() { Kind = XEventKind.Expose, Window = host, X = x, Y = y, Width = 10, Height = 10, Detail = count };

        _session.OnHostEvent(shown, Expose(2, 2, 2));
        _session.OnHostEvent(shown, Expose(60, 2, 1));
        Assert.Equal(0, _session.TakeCharges()); // more of the series to come
        _session.OnHostEvent(shown, Expose(2, 60, 0));
        Assert.Equal(MessageCosts.Frame + MessageCosts.Pixels(68, 68), _session.TakeCharges()); // the box around the three
    }

    [Fact]
    public void AnExpensiveMessageTakesTheBudgetBelowZeroAndTheQubeWaitsLonger()
    {
        var budget = new MessageBudget(1000, _clock);
        budget.Spend(1500);
        Assert.Equal(-500, budget.Available);
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, budget.Available); // still throttled: nothing to spend
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(100, budget.Available);
    }

    public void Dispose()
    {
        _session.Dispose();
        _agentEnd.Dispose();
        _grant.Dispose();
        _host.Dispose();
        _x.Dispose();
    }
}
