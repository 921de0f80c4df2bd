using System.Text.Json;

namespace GuiVirt.GuiDaemon.Clipboard;

/// <summary>
/// The audit trail of data moved between qubes: one JSON line per clipboard copy, paste or clear
/// (with its kind, "text" or "image", when known) and per file copy (`file-copy`, with the number
/// of files), with time, action, source, target, size and result. Never the content, never a
/// file's name.
/// </summary>
internal sealed class AuditLog(string path)
{
    /// <summary>$XDG_STATE_HOME/guivirt/clipboard-audit.jsonl, or ~/.local/state/guivirt/clipboard-audit.jsonl.</summary>
    public static string DefaultPath
    {
        get
        {
            string? state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            string root = state is { Length: > 0 } ? state : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
            return System.IO.Path.Combine(root, "guivirt", "clipboard-audit.jsonl");
        }
    }

    public string Path { get; } = path;

    public void Write(string action, string? source, string? target, long bytes, string result, int? files = null, string? kind = null)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteString("time", DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("action", action);
                json.WriteString("source", source);
                json.WriteString("target", target);
                json.WriteNumber("bytes", bytes);
                if (files is { } count)
                {
                    json.WriteNumber("files", count);
                }

                json.WriteString("result", result);
                if (kind is not null)
                {
                    json.WriteString("kind", kind);
                }

                json.WriteEndObject();
            }

            stream.WriteByte((byte)'\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error($"cannot write the clipboard audit log {Path}: {e.Message}");
        }
    }
}
