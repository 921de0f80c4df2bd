using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Files;

namespace GuiVirt.GuiAgent;

/// <summary>
/// The qube's side of a file copy between qubes (`guivirt copy`). As the source: FILE_SEND names a
/// file; it is opened without following links and checked (<see cref="CopySource"/>), announced
/// with FILE_HEADER (or refused with FILE_ERROR), and sent in FILE_DATA chunks, at most
/// <see cref="Limits.FileChunksInFlight"/> of them not yet acknowledged (FILE_ACK), then FILE_END.
/// As the target: FILE_HEADER creates the file in ~/Incoming/SOURCE (<see cref="IncomingFile"/>),
/// each FILE_DATA is written and acknowledged, FILE_END completes it. FILE_CANCEL stops either
/// side, removes a partial file and is answered with FILE_CANCEL.
/// </summary>
internal sealed partial class Agent
{
    private readonly byte[] _chunk = new byte[Limits.FileChunkBytes];
    private CopySource? _sending;
    private long _sent;
    private int _unacknowledged;
    private IncomingFile? _receiving;

    private static string Home => Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : "/";

    public void OnFileSend(FileSend send)
    {
        _sending?.Dispose();
        (_sending, _sent, _unacknowledged) = (CopySource.TryOpen(send.Path, Home, out FileProblem problem), 0, 0);
        if (_sending is null)
        {
            Log.Warning($"copy: not sending {send.Path}: {problem}");
            _channel?.Send(WindowId.None, new FileError(problem));
            return;
        }

        _channel?.Send(WindowId.None, new FileHeader(_sending.Size, _sending.Name, ""));
        SendChunks();
    }

    public void OnFileAck()
    {
        _unacknowledged = Math.Max(0, _unacknowledged - 1);
        SendChunks();
    }

    public void OnFileHeader(FileHeader header)
    {
        _receiving?.Abandon();
        _receiving = IncomingFile.TryCreate(Home, header.From, header.Name, out FileProblem problem);
        if (_receiving is null)
        {
            Log.Warning($"copy: cannot create {header.Name} from {header.From}: {problem}");
            _channel?.Send(WindowId.None, new FileError(problem));
        }
    }

    public void OnFileData(ReadOnlySpan<byte> bytes)
    {
        if (_receiving is null)
        {
            return; // this file already failed: the daemon cancels the copy
        }

        FileProblem problem = _receiving.Write(bytes);
        if (problem != 0)
        {
            Log.Warning($"copy: writing {_receiving.Name} failed: {problem}");
            _receiving.Abandon();
            _receiving = null;
            _channel?.Send(WindowId.None, new FileError(problem));
            return;
        }

        _channel?.SendEmpty(MessageType.FileAck, WindowId.None);
    }

    public void OnFileEnd()
    {
        if (_receiving is null)
        {
            return;
        }

        Log.Info($"copy: received {_receiving.Name}");
        _receiving.Complete();
        _receiving = null;
        _channel?.SendEmpty(MessageType.FileAck, WindowId.None);
    }

    public void OnFileCancel()
    {
        StopCopies();
        _channel?.SendEmpty(MessageType.FileCancel, WindowId.None);
    }

    /// <summary>The copy ended (cancelled, or the daemon went away): a partial file is removed.</summary>
    private void StopCopies()
    {
        _sending?.Dispose();
        _sending = null;
        _receiving?.Abandon();
        _receiving = null;
    }

    /// <summary>Sends chunks while the window allows, then FILE_END once every byte has gone.</summary>
    private void SendChunks()
    {
        while (_sending is { } source && _channel is { } channel)
        {
            if (_sent == source.Size)
            {
                channel.SendEmpty(MessageType.FileEnd, WindowId.None);
                source.Dispose();
                _sending = null;
                return;
            }

            if (_unacknowledged >= Limits.FileChunksInFlight)
            {
                return; // the target is behind: wait for a FILE_ACK
            }

            int read = source.Read(_chunk.AsSpan(0, (int)Math.Min(_chunk.Length, source.Size - _sent)), _sent);
            if (read <= 0)
            {
                // Shrunk or unreadable since it was announced: never send fewer bytes than announced.
                Log.Warning($"copy: reading {source.Name} failed after {_sent} bytes");
                channel.Send(WindowId.None, new FileError(FileProblem.ReadFailed));
                source.Dispose();
                _sending = null;
                return;
            }

            channel.SendFileData(_chunk.AsSpan(0, read));
            _sent += read;
            _unacknowledged++;
        }
    }
}
