using System.Diagnostics;
using GuiVirt.TestSupport;

namespace GuiVirt.Cli.Tests;

/// <summary>
/// ./install.sh and packaging/deb/build.sh for real: the native programs (NativeAOT) are built
/// once (minutes), installed into a throwaway prefix and removed again, and packed into the .deb,
/// whose files are unpacked into a throwaway root and run from there: `guivirt --version` and a
/// whole `guivirt selftest` with the native agent in real sandboxes.
/// </summary>
public sealed class InstallTests(InstallTests.NativeBuild build) : IClassFixture<InstallTests.NativeBuild>
{
    /// <summary>The files install.sh puts under its prefix.</summary>
    private static readonly string[] Installed =
    [
        "bin/guivirt", "lib/guivirt/guivirt", "lib/guivirt/libSkiaSharp.so", "lib/guivirt/agent/guivirt-agent",
        "lib/guivirt/agent/libSkiaSharp.so", "lib/guivirt/selftest/GuiVirt.TestApp", "lib/systemd/user/guivirt.service",
        "share/man/man1/guivirt.1.gz", "share/bash-completion/completions/guivirt", "share/zsh/site-functions/_guivirt",
    ];

    [Fact]
    public void InstallPutsEveryFileInThePrefixAndUninstallRemovesThem()
    {
        string prefix = Path.Combine(build.Directory, "prefix");
        (int code, string output) = Run("./install.sh", "--prefix", prefix, "--no-build");
        Assert.True(code == 0, output);
        foreach (string file in Installed)
        {
            Assert.True(File.Exists(Path.Combine(prefix, file)), $"{file} is not installed:\n{output}");
        }

        (code, string version) = Run(Path.Combine(prefix, "bin", "guivirt"), "--version");
        Assert.True(code == 0, version);
        Assert.Matches(@"^\d+\.\d+\.\d+\n$", version);

        string unit = File.ReadAllText(Path.Combine(prefix, "lib/systemd/user/guivirt.service"));
        Assert.Contains($"ExecStart={prefix}/bin/guivirt daemon\n", unit, StringComparison.Ordinal);
        Assert.Contains("Restart=on-failure\n", unit, StringComparison.Ordinal);
        if (Find("systemd-analyze") is { } analyze)
        {
            // --man=no: the unit's man:guivirt(1) is installed in the throwaway prefix, not where man looks; --user needs a running user manager.
            (code, string report) = Run(analyze, "verify", "--man=no", Path.Combine(prefix, "lib/systemd/user/guivirt.service"));
            Assert.True(code == 0, report);
        }

        (code, output) = Run("./install.sh", "--prefix", prefix, "--uninstall");
        Assert.True(code == 0, output);
        string[] left = Directory.GetFileSystemEntries(prefix, "*", SearchOption.AllDirectories).Where(File.Exists).ToArray();
        Assert.True(left.Length == 0, $"left behind: {string.Join(", ", left)}");
        Assert.False(Directory.Exists(Path.Combine(prefix, "lib/guivirt")));
    }

    [Fact]
    public void TheDebianPackageInstallsProgramsThatPassTheSelftest()
    {
        string output = Path.Combine(build.Directory, "deb");
        (int code, string built) = Run("packaging/deb/build.sh", "--no-build", output);
        Assert.True(code == 0, built);
        string deb = Directory.GetFiles(output, "guivirt_*_amd64.deb").Single();

        (code, string fields) = Run("dpkg-deb", "--field", deb, "Package", "Architecture", "Depends");
        Assert.True(code == 0, fields);
        Assert.Contains("Architecture: amd64", fields, StringComparison.Ordinal);
        Assert.Matches(@"Depends: bubblewrap, xvfb, .*libx11-6", fields);

        // apt resolves its dependencies on this machine (a simulation: nothing is changed).
        (code, string apt) = Run("apt-get", "install", "--simulate", "--no-install-recommends", Path.GetFullPath(deb));
        Assert.True(code == 0, apt);

        string root = Path.Combine(build.Directory, "root");
        (code, string unpacked) = Run("dpkg-deb", "-x", deb, root);
        Assert.True(code == 0, unpacked);
        string guivirt = Path.Combine(root, "usr/bin/guivirt");
        (code, string version) = Run(guivirt, "--version");
        Assert.True(code == 0, version);

        // The whole self-test from the package's files: its daemon, the native agent in two
        // sandboxed qubes, the native pattern app; no dotnet anywhere on the way.
        (code, string selftest) = Run(guivirt, "selftest");
        Assert.True(code == 0, selftest);
        Assert.DoesNotContain("FAIL", selftest, StringComparison.Ordinal);
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        // A script of the repository ("./install.sh", "packaging/...") by its full path: the working directory does not resolve the program.
        string root = BuiltProgram.RepositoryRoot.FullName;
        var start = new ProcessStartInfo(program.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(program) ? Path.Combine(root, program) : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        start.Environment.Remove("DISPLAY");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish");
        }

        return (process.ExitCode, output.Result + errors.Result);
    }

    /// <summary>
    /// One NativeAOT build for the class (install.sh's, into artifacts/install), measured: it
    /// takes minutes on two cores, so it is done once and both tests install from it.
    /// </summary>
    public sealed class NativeBuild : IDisposable
    {
        public NativeBuild()
        {
            var clock = Stopwatch.StartNew();
            string prefix = Path.Combine(Directory, "build-prefix");
            (int code, string output) = Run("./install.sh", "--prefix", prefix);
            Console.WriteLine($"install.sh built the native programs in {clock.Elapsed.TotalSeconds:F0} s");
            if (code != 0)
            {
                throw new InvalidOperationException($"install.sh failed:\n{output}");
            }
        }

        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("guivirt-install-test-").FullName;

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
