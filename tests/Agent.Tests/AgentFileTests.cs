using GuiVirt.SharedMemory.Channel;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;

namespace GuiVirt.Agent.Tests;

/// <summary>
/// The real agent's side of a file copy, against the fake daemon. As the target: a whole file lands
/// in HOME/Incoming/SOURCE, one FILE_ACK per chunk and per FILE_END; a cancelled one is removed. As
/// the source: the file is announced and sent within the flow-control window (four chunks, then
/// one per FILE_ACK), then FILE_END; a symbolic link is refused without a byte sent.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class AgentFileTests : QubeSessionTest
{
    [Fact]
    public async Task AWholeFileLandsInIncomingAndEachStepIsAcknowledged()
    {
        await Session.Received.WaitForAsync(_ => true, "the connection");
        MessageChannel channel = Session.Daemon.Channel!;
        channel.Send(WindowId.None, new FileHeader(6, "notes.txt", "work"));
        channel.SendFileData("hel"u8);
        channel.SendFileData("lo\n"u8);
        channel.SendEmpty(MessageType.FileEnd, WindowId.None);
        await Session.Received.WaitForAsync(m => m.Count(x => x.Type == MessageType.FileAck) == 3, "three FILE_ACK");
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(Session.Home, "Incoming", "work", "notes.txt")));
    }

    [Fact]
    public async Task ACancelledFileIsRemovedAndTheCancelAnswered()
    {
        await Session.Received.WaitForAsync(_ => true, "the connection");
        MessageChannel channel = Session.Daemon.Channel!;
        channel.Send(WindowId.None, new FileHeader(100, "partial.bin", "work"));
        channel.SendFileData(new byte[40]);
        await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.FileAck), "FILE_ACK");
        Assert.True(File.Exists(Path.Combine(Session.Home, "Incoming", "work", "partial.bin")));
        channel.SendEmpty(MessageType.FileCancel, WindowId.None);
        await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.FileCancel), "FILE_CANCEL");
        Assert.False(File.Exists(Path.Combine(Session.Home, "Incoming", "work", "partial.bin")));
    }

    [Fact]
    public async Task AFileIsSentWithinTheWindowAndALinkIsRefused()
    {
        await Session.Received.WaitForAsync(_ => true, "the connection");
        byte[] content = new byte[(Limits.FileChunksInFlight + 2) * Limits.FileChunkBytes + 123];
        Random.Shared.NextBytes(content);
        File.WriteAllBytes(Path.Combine(Session.Home, "data.bin"), content);
        File.CreateSymbolicLink(Path.Combine(Session.Home, "link.bin"), "data.bin");
        MessageChannel channel = Session.Daemon.Channel!;

        channel.Send(WindowId.None, new FileSend("data.bin")); // relative to HOME
        await Session.Received.WaitForAsync(m => m.Count(x => x.Type == MessageType.FileData) == Limits.FileChunksInFlight, "the window's chunks");
        await Task.Delay(300); // nothing more may come without an acknowledgement (a wait for an absence)
        Assert.Equal(Limits.FileChunksInFlight, Session.Received.Snapshot().Count(x => x.Type == MessageType.FileData));
        for (int i = 0; i < 3; i++)
        {
            channel.SendEmpty(MessageType.FileAck, WindowId.None);
        }

        var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.FileEnd), "FILE_END");
        Assert.Equal(new FileHeader(content.Length, "data.bin", ""), messages.Single(x => x.Type == MessageType.FileHeader).Body);
        byte[] sent = [.. messages.Where(x => x.Type == MessageType.FileData).SelectMany(x => (byte[])x.Body!)];
        Assert.Equal(content, sent);

        channel.Send(WindowId.None, new FileSend("/" + Path.GetRelativePath("/", Path.Combine(Session.Home, "link.bin"))));
        messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.FileError), "FILE_ERROR");
        Assert.Equal(new FileError(FileProblem.SymbolicLink), messages.Single(x => x.Type == MessageType.FileError).Body);
        Assert.Single(messages, x => x.Type == MessageType.FileHeader); // the link got none
    }
}
