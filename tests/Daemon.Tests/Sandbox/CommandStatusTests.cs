using System.Text;
using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>The qube's status lines: exactly three forms are accepted, everything else is refused.</summary>
public sealed class CommandStatusTests
{
    [Theory]
    [InlineData("started 1", 1, CommandState.Started, 0)]
    [InlineData("started 999999999", 999_999_999, CommandState.Started, 0)]
    [InlineData("failed 2 127", 2, CommandState.NotFound, 127)]
    [InlineData("failed 3 126", 3, CommandState.NotExecutable, 126)]
    [InlineData("exited 4 0", 4, CommandState.Exited, 0)]
    [InlineData("exited 5 255", 5, CommandState.Exited, 255)]
    [InlineData("exited 6 143", 6, CommandState.Exited, 143)]
    public void AValidLineIsAccepted(string line, int id, CommandState state, int code)
    {
        Assert.True(CommandStatus.TryParse(Encoding.ASCII.GetBytes(line), out CommandStatus status));
        Assert.Equal(new CommandStatus(id, state, code), status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("started")]
    [InlineData("started ")]
    [InlineData("started 0")] // ids start at 1
    [InlineData("started 1000000000")] // more than 9 digits
    [InlineData("started -1")]
    [InlineData("started +1")]
    [InlineData("started 1 ")]
    [InlineData(" started 1")]
    [InlineData("started  1")]
    [InlineData("started 1 0")] // no code on started
    [InlineData("started 0x1")]
    [InlineData("Started 1")]
    [InlineData("failed 1")]
    [InlineData("failed 1 1")] // only the shell's 126 and 127
    [InlineData("failed 1 0")]
    [InlineData("exited 1")]
    [InlineData("exited 1 256")]
    [InlineData("exited 1 1000")]
    [InlineData("exited 1 -1")]
    [InlineData("exited 1 2 3")]
    [InlineData("exited 1 0\r")]
    [InlineData("exited\t1 0")]
    [InlineData("started ١")] // an Arabic-Indic digit is not an ASCII one
    [InlineData("started 1\u001b[2J")]
    [InlineData("killed 1 9")]
    public void AnythingElseIsRefused(string line) =>
        Assert.False(CommandStatus.TryParse(Encoding.UTF8.GetBytes(line), out _));

    [Fact]
    public void AnOverlongLineIsRefusedEvenWhenItWouldParse() =>
        Assert.False(CommandStatus.TryParse(Encoding.ASCII.GetBytes("exited 1 " + new string('0', 30)), out _));

    [Fact]
    public void ArbitraryBytesNeverThrow()
    {
        var random = new Random(14);
        byte[] alphabet = "startedfailxi 0123456789\n\0\xff"u8.ToArray();
        for (int i = 0; i < 100_000; i++)
        {
            byte[] line = new byte[random.Next(0, 40)];
            for (int j = 0; j < line.Length; j++)
            {
                line[j] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            if (CommandStatus.TryParse(line, out CommandStatus status))
            {
                Assert.InRange(status.Id, 1, 999_999_999);
                Assert.InRange(status.ExitCode, 0, 255);
            }
        }
    }
}
