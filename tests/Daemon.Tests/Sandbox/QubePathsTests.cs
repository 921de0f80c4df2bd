using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>Where qube homes live on the host.</summary>
public sealed class QubePathsTests : IDisposable
{
    private readonly string _dataHome = Directory.CreateTempSubdirectory("guivirt-paths-test-").FullName;

    public void Dispose() => Directory.Delete(_dataHome, recursive: true);

    [Fact]
    public void AHomeIsCreatedUnderGuivirtQubesNameForItsOwnerOnly()
    {
        string home = QubePaths.Home("work", _dataHome);
        Assert.Equal(Path.Combine(_dataHome, "guivirt", "qubes", "work", "home"), home);
        Assert.True(Directory.Exists(home));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home));
        Assert.Equal(home, QubePaths.Home("work", _dataHome)); // again: the same, still there
    }

    [Fact]
    public void AnExistingHomeOpenToOthersIsClosed()
    {
        string home = Path.Combine(_dataHome, "guivirt", "qubes", "work", "home");
        Directory.CreateDirectory(home);
        File.SetUnixFileMode(home, (UnixFileMode)0b111_101_101);
        QubePaths.Home("work", _dataHome);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("-x")]
    public void ANameThatIsNotAQubeNameIsRefused(string name) =>
        Assert.Throws<ArgumentException>(() => QubePaths.Home(name, _dataHome));
}
