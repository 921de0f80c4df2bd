using System.Text;

namespace GuiVirt.TestApp;

/// <summary>
/// One line per event, flushed at once: tests wait for lines while the app keeps running, so
/// nothing may sit in a buffer. Written from the X thread and from the SIGTERM handler, hence the lock.
/// </summary>
internal sealed class EventLog : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;

    private EventLog(TextWriter writer, bool ownsWriter)
    {
        _writer = writer;
        _ownsWriter = ownsWriter;
    }

    /// <summary>Logs to <paramref name="path"/> when given, otherwise to stdout, or to stderr when
    /// stdout carries data (the clipboard text of --clipboard-get).</summary>
    public static EventLog Open(string? path, bool stdoutIsData)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        if (path is not null)
        {
            var file = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite), utf8);
            return new EventLog(file, ownsWriter: true);
        }
        Stream stream = stdoutIsData ? Console.OpenStandardError() : Console.OpenStandardOutput();
        return new EventLog(new StreamWriter(stream, utf8), ownsWriter: true);
    }

    public void Line(string text)
    {
        lock (_writer)
        {
            _writer.Write(text);
            _writer.Write('\n');
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        if (_ownsWriter)
        {
            lock (_writer)
            {
                _writer.Dispose();
            }
        }
    }
}
