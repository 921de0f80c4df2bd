using System.Diagnostics;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// Small C programs the containment tests run inside qubes (and as the qube's user on the host),
/// compiled once per test run with the host's cc into a folder any user can read. Each writes its
/// result to the file it is given, whole or not at all (written next to it, then renamed).
/// </summary>
internal static class QubeTools
{
    /// <summary>forkbomb RESULT MAX: forks children that sleep for two minutes until fork fails or MAX are made; "forked N errno E".</summary>
    public const string ForkBomb = "forkbomb";

    /// <summary>hog PROGRESS MAX_MIB: allocates and touches memory a MiB at a time; PROGRESS holds the MiB reached, rewritten every 4 MiB.</summary>
    public const string Hog = "hog";

    /// <summary>connect SOCKET RESULT: connects to a Unix socket; "connected" or "errno E".</summary>
    public const string Connect = "connect";

    private const string Common = """
        #include <errno.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <unistd.h>
        static void finish(const char *path, const char *text) {
            char part[4096];
            snprintf(part, sizeof part, "%s.part", path);
            FILE *f = fopen(part, "w");
            if (!f) _exit(2);
            fputs(text, f);
            fclose(f);
            rename(part, path);
        }
        """;

    private static readonly Dictionary<string, string> Sources = new()
    {
        [ForkBomb] = Common + "\n" + """
            int main(int argc, char **argv) {
                int max = atoi(argv[2]), n = 0, error = 0;
                for (; n < max; n++) {
                    pid_t pid = fork();
                    if (pid < 0) { error = errno; break; }
                    if (pid == 0) { sleep(120); _exit(0); }
                }
                char text[64];
                snprintf(text, sizeof text, "forked %d errno %d\n", n, error);
                finish(argv[1], text);
                return 0;
            }
            """,
        [Hog] = Common + "\n" + """
            int main(int argc, char **argv) {
                int max = atoi(argv[2]);
                for (int mib = 1; mib <= max; mib++) {
                    char *block = malloc(1 << 20);
                    if (!block) { finish(argv[1], "malloc failed\n"); return 3; }
                    memset(block, mib, 1 << 20); /* touched: really resident */
                    if (mib % 4 == 0) {
                        char text[32];
                        snprintf(text, sizeof text, "%d\n", mib);
                        finish(argv[1], text);
                    }
                }
                finish(argv[1], "survived\n");
                return 0;
            }
            """,
        [Connect] = Common + "\n" + """
            #include <sys/socket.h>
            #include <sys/un.h>
            int main(int argc, char **argv) {
                struct sockaddr_un address = { .sun_family = AF_UNIX };
                strncpy(address.sun_path, argv[1], sizeof address.sun_path - 1);
                int fd = socket(AF_UNIX, SOCK_STREAM, 0);
                char text[64];
                if (connect(fd, (struct sockaddr *)&address, sizeof address) == 0) snprintf(text, sizeof text, "connected\n");
                else snprintf(text, sizeof text, "errno %d\n", errno);
                finish(argv[2], text);
                return 0;
            }
            """,
    };

    private static readonly Lazy<string> s_folder = new(Build);

    /// <summary>The compiled program's path on the host.</summary>
    public static string PathOf(string tool) => Path.Combine(s_folder.Value, tool);

    /// <summary>Copies <paramref name="tool"/> into a qube's home; its path inside is /home/user/TOOL.</summary>
    public static string CopyInto(string home, string tool)
    {
        File.Copy(PathOf(tool), Path.Combine(home, tool), overwrite: true);
        return $"/home/user/{tool}";
    }

    private static string Build()
    {
        string folder = Directory.CreateTempSubdirectory("guivirt-qube-tools-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101); // the qube's user runs them from here too
        foreach ((string name, string source) in Sources)
        {
            string c = Path.Combine(folder, name + ".c");
            File.WriteAllText(c, source);
            var start = new ProcessStartInfo("cc") { RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in (string[])["-O1", "-o", Path.Combine(folder, name), c])
            {
                start.ArgumentList.Add(argument);
            }

            using Process cc = Process.Start(start) ?? throw new InvalidOperationException("cc did not start");
            string errors = cc.StandardError.ReadToEnd();
            cc.WaitForExit();
            Assert.True(cc.ExitCode == 0, $"cc {name}.c failed: {errors}");
        }

        return folder;
    }
}
