namespace GuiVirt.Daemon.Tests;

/// <summary>The log line format of Shared/Log.cs (the daemon's and the agent's): a level on every line, a time stamp off journald.</summary>
public sealed class LogTests
{
    private static readonly DateTime Noon = new(2026, 12, 2, 12, 0, 1, 234, DateTimeKind.Utc);

    // Levels as numbers: LogLevel is internal to the daemon, and a public test method cannot take it.
    [Theory]
    [InlineData(0, "2026-12-02T12:00:01.234Z debug guivirt: qube work connected\n")]
    [InlineData(1, "2026-12-02T12:00:01.234Z info guivirt: qube work connected\n")]
    [InlineData(2, "2026-12-02T12:00:01.234Z warning guivirt: qube work connected\n")]
    [InlineData(3, "2026-12-02T12:00:01.234Z error guivirt: qube work connected\n")]
    public void OffJournaldALineHasItsTimeStampAndLevel(int level, string expected) =>
        Assert.Equal(expected, Log.Format((LogLevel)level, "qube work connected", Noon, underJournal: false, "guivirt"));

    [Theory]
    [InlineData(0, "<7>guivirt-agent: x\n")]
    [InlineData(1, "<6>guivirt-agent: x\n")]
    [InlineData(2, "<4>guivirt-agent: x\n")]
    [InlineData(3, "<3>guivirt-agent: x\n")]
    public void UnderJournaldALineStartsWithItsSyslogPriorityAndJournaldStampsIt(int level, string expected) =>
        Assert.Equal(expected, Log.Format((LogLevel)level, "x", Noon, underJournal: true, "guivirt-agent"));

    [Fact]
    public void EveryLineOfAMultiLineMessageHasThePrefix()
    {
        string text = Log.Format(LogLevel.Error, "internal error\r\n   at A.B()\n   at C.D()", Noon, underJournal: true, "guivirt");
        Assert.Equal("<3>guivirt: internal error\n<3>guivirt:    at A.B()\n<3>guivirt:    at C.D()\n", text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("8")]
    [InlineData("8:")]
    [InlineData("0:1")] // no such socket on our standard error (the test runner's is not journald's)
    public void OnlyTheSocketJournalStreamNamesIsJournald(string? journalStream) =>
        Assert.False(Log.StandardErrorIsJournal(journalStream));
}
