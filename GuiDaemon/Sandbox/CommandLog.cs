using System.Text;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The output of a qube's commands, kept on the host by the daemon: the init sends every command's
/// stdout and stderr down one pipe to the daemon, which writes it here cleaned
/// (<see cref="OutputSanitizer"/>) and bounded: at most <see cref="MaxFileBytes"/> a file, then the
/// file becomes FILE.1 (replacing the older one) and a new one starts, so a qube's output never
/// takes more than two files' worth of the host's disk. The folder is the qube's on the host
/// (<see cref="QubePaths.CommandLog(string)"/>), which the qube cannot reach: the qube chooses the
/// bytes, never where they go. `guivirt logs QUBE` shows it. Lines that start with
/// <see cref="NotePrefix"/> are the daemon's; a qube could print the same, so they tell what the
/// daemon saw, not who wrote each line.
/// </summary>
public sealed class CommandLog : IDisposable
{
    public const long MaxFileBytes = 1024 * 1024;
    public const string NotePrefix = "[guivirt] ";

    private readonly OutputSanitizer _sanitizer = new();
    private readonly Lock _lock = new();
    private FileStream? _file;
    private bool _atLineStart = true;
    private bool _closed;

    public CommandLog(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>The file before the current one.</summary>
    public static string Previous(string path) => path + ".1";

    /// <summary>Appends a qube's output, cleaned.</summary>
    public void Append(ReadOnlySpan<byte> untrustedOutput) => Write(_sanitizer.Clean(untrustedOutput));

    /// <summary>A line of the daemon's own (a command started, failed, ended), on a line of its own.</summary>
    public void Note(string text)
    {
        lock (_lock)
        {
            string line = NotePrefix + DateTime.Now.ToString("HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture) + new OutputSanitizer().Clean(Encoding.UTF8.GetBytes(text)).Replace('\n', ' ') + "\n";
            Write(_atLineStart ? line : "\n" + line);
        }
    }

    /// <summary>Closes the log for good: output still on its way from the qube is dropped, never written into a file deleted meanwhile (a disposable's).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _closed = true;
            _file?.Dispose();
            _file = null;
        }
    }

    private void Write(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text);
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            try
            {
                _file ??= Open();
                if (_file.Length + bytes.Length > MaxFileBytes && _file.Length > 0)
                {
                    // Security: the bound on the host's disk. A chunk is a few KiB, far under the bound.
                    _file.Dispose();
                    _file = null;
                    File.Move(Path, Previous(Path), overwrite: true);
                    _file = Open();
                }

                _file.Write(bytes);
                _file.Flush();
                _atLineStart = text[^1] == '\n';
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk or a removed folder loses output, never the daemon.
                _file?.Dispose();
                _file = null;
            }
        }
    }

    private FileStream Open() => new(Path, new FileStreamOptions
    {
        Mode = FileMode.Append,
        Access = FileAccess.Write,
        Share = FileShare.ReadWrite | FileShare.Delete,
        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
    });
}
