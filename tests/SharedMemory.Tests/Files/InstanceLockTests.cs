using GuiVirt.SharedMemory.Files;

namespace GuiVirt.SharedMemory.Tests.Files;

/// <summary>The one-owner lock file (the daemon's runtime directory lock).</summary>
public sealed class InstanceLockTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-lock-test-").FullName;

    private string LockPath => Path.Combine(_directory, "daemon.lock");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TheFirstTakesItTheSecondLearnsWhoHoldsItAndAfterDisposeItIsFree()
    {
        using (InstanceLock? first = InstanceLock.TryTake(LockPath, out int? nobody))
        {
            Assert.NotNull(first);
            Assert.Null(nobody);
            Assert.Equal($"{Environment.ProcessId}\n", ReadWithoutLocking(LockPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LockPath));

            // flock belongs to the open file, so a second open in the same process is a second comer.
            Assert.Null(InstanceLock.TryTake(LockPath, out int? holder));
            Assert.Equal(Environment.ProcessId, holder);
        }

        Assert.False(File.Exists(LockPath));
        using InstanceLock? again = InstanceLock.TryTake(LockPath, out _);
        Assert.NotNull(again);
    }

    [Fact]
    public void ALockFileLeftBehindIsTakenOver()
    {
        File.WriteAllText(LockPath, "999999\n"); // a crashed daemon's: the kernel dropped its flock
        using InstanceLock? taken = InstanceLock.TryTake(LockPath, out int? holder);
        Assert.NotNull(taken);
        Assert.Null(holder);
        Assert.Equal($"{Environment.ProcessId}\n", ReadWithoutLocking(LockPath));
    }

    /// <summary>With cat: .NET's own file reading takes a shared flock first, which the held lock refuses.</summary>
    private static string ReadWithoutLocking(string path)
    {
        using var cat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cat", [path]) { RedirectStandardOutput = true })!;
        string text = cat.StandardOutput.ReadToEnd();
        cat.WaitForExit();
        return text;
    }

    [Fact]
    public void ASymbolicLinkIsNeverFollowed()
    {
        string target = Path.Combine(_directory, "elsewhere");
        File.CreateSymbolicLink(LockPath, target);
        Assert.Throws<IOException>(() => InstanceLock.TryTake(LockPath, out _));
        Assert.False(File.Exists(target));
    }
}
