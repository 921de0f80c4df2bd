using System.Text;
using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>The daemon's log of a qube's command output: cleaned on the way in, two files at most.</summary>
public sealed class CommandLogFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-log-test-").FullName;

    private string LogPath => Path.Combine(_directory, "commands.log");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void OutputIsWrittenCleanedForTheOwnerOnlyAndNotesStartOnALineOfTheirOwn()
    {
        using (var log = new CommandLog(LogPath))
        {
            log.Append("half a line \u001b[31m"u8);
            log.Note("1: started: x");
            log.Append("next\n"u8);
        }

        string text = File.ReadAllText(LogPath);
        Assert.StartsWith("half a line \uFFFD[31m\n[guivirt] ", text, StringComparison.Ordinal);
        Assert.EndsWith(" 1: started: x\nnext\n", text, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LogPath));
    }

    [Fact]
    public void AFloodKeepsAtMostTwoFilesOfTheBoundEach()
    {
        byte[] chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 128).Select(i => $"{i:D31}\n"))); // 4 KiB
        using (var log = new CommandLog(LogPath))
        {
            for (int i = 0; i < 2000; i++) // 8 MiB
            {
                log.Append(chunk);
            }

            log.Append("the last line\n"u8);
        }

        Assert.InRange(new FileInfo(LogPath).Length, 1, CommandLog.MaxFileBytes);
        Assert.InRange(new FileInfo(CommandLog.Previous(LogPath)).Length, CommandLog.MaxFileBytes - chunk.Length, CommandLog.MaxFileBytes);
        Assert.Equal(2, Directory.GetFiles(_directory).Length);
        Assert.EndsWith("the last line\n", File.ReadAllText(LogPath), StringComparison.Ordinal);
    }
}
