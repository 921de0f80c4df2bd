using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.SharedMemory.Files;

namespace GuiVirt.Cli;

/// <summary>
/// `guivirt logs QUBE [-f]`: the output of the qube's commands, from the log the daemon keeps for
/// it (<see cref="CommandLog"/>): the previous file, then the current one; with -f, then what comes,
/// across rotations, until Ctrl+C. The bytes come from inside the qube: the daemon wrote them
/// cleaned, and they are cleaned again here before they reach the terminal
/// (<see cref="OutputSanitizer"/>), so an escape sequence from a qube never drives it.
/// </summary>
internal static class QubeLogs
{
    /// <summary>`guivirt logs --help` and the man page.</summary>
    public const string Description = """
        Shows what the qube's commands printed (stdout and stderr, from every `guivirt run`), with a
        [guivirt] line when each started, failed to start or ended. The daemon keeps the last 1 to 2 MiB
        for each qube. -f follows the log as it grows, until Ctrl+C. Control characters and escape
        sequences from the qube are shown as U+FFFD, never passed to the terminal.
        """;

    private static readonly TimeSpan FollowTick = TimeSpan.FromMilliseconds(200);

    public static int Show(string runtime, string qube, bool follow)
    {
        if (!QubeConfig.IsValidName(qube))
        {
            Console.Error.WriteLine($"guivirt: '{qube}' is not a qube name (see `guivirt ls`)");
            return 1;
        }

        string path;
        try
        {
            ControlResponse response = ControlClient.Send(runtime, new ControlRequest("logs", qube), TimeSpan.FromSeconds(10));
            if (!response.Ok || response.Log is null)
            {
                Console.Error.WriteLine($"guivirt: {response.Message}");
                return 1;
            }

            path = response.Log;
        }
        catch (ControlException)
        {
            // The log outlives the daemon: after a crash it is what the user wants to read.
            path = QubePaths.CommandLog(qube);
            Console.Error.WriteLine($"guivirt: no daemon is running; showing {path}");
        }

        using Stream terminal = Console.OpenStandardOutput();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true; // Ctrl+C ends the following, and the command exits 0
            cancel.Cancel();
        };
        var sanitizer = new OutputSanitizer();
        bool any = Copy(CommandLog.Previous(path), 0, sanitizer, terminal) is not null;
        long? position = Copy(path, 0, sanitizer, terminal);
        if (!follow)
        {
            if (!any && position is null)
            {
                Console.Error.WriteLine($"guivirt: qube {qube} has no command output yet ({path} does not exist)");
            }

            return 0;
        }

        Follow(path, position ?? 0, sanitizer, terminal, cancel.Token);
        return 0;
    }

    /// <summary>Prints the file from <paramref name="from"/> to its end; where it ended, or null when there is no such file.</summary>
    private static long? Copy(string path, long from, OutputSanitizer sanitizer, Stream terminal)
    {
        try
        {
            using FileStream file = OpenShared(path);
            file.Position = Math.Min(from, file.Length);
            return Drain(file, sanitizer, terminal);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>tail -f: what is added, and after a rotation the rest of the old file and then the new one from its start.</summary>
    private static void Follow(string path, long position, OutputSanitizer sanitizer, Stream terminal, CancellationToken cancel)
    {
        FileStream? file = null;
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                if (file is null && File.Exists(path))
                {
                    file = OpenShared(path);
                    file.Position = Math.Min(position, file.Length);
                }

                if (file is not null)
                {
                    Drain(file, sanitizer, terminal);
                    if (!FileIdentity.IsStillAt(file.SafeFileHandle, path))
                    {
                        // Rotated: the daemon renamed our file to .1 and started a new one.
                        Drain(file, sanitizer, terminal);
                        file.Dispose();
                        file = null;
                        position = 0;
                        continue;
                    }
                }

                cancel.WaitHandle.WaitOne(FollowTick);
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"guivirt: {path}: {e.Message}");
        }
        finally
        {
            file?.Dispose();
        }
    }

    private static long Drain(FileStream file, OutputSanitizer sanitizer, Stream terminal)
    {
        var buffer = new byte[64 * 1024];
        int count;
        while ((count = file.Read(buffer)) > 0)
        {
            terminal.Write(System.Text.Encoding.UTF8.GetBytes(sanitizer.Clean(buffer.AsSpan(0, count))));
        }

        terminal.Flush();
        return file.Position;
    }

    private static FileStream OpenShared(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete });
}
