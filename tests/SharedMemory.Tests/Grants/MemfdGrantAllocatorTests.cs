using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.SharedMemory.Interop;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Tests.Grants;

[Collection(FdCountingCollection.Name)]
public sealed class MemfdGrantAllocatorTests
{
    private readonly MemfdGrantAllocator _allocator = new();

    [Fact]
    public void AllocateSealsShrinkGrowAndSeal()
    {
        using IAgentGrant grant = _allocator.Allocate(4096);

        Assert.True(Memfd.TryGetSeals(grant.ShareHandle, out MemfdSeals seals));
        Assert.Equal(MemfdSeals.Shrink | MemfdSeals.Grow | MemfdSeals.Seal, seals);
        Assert.True(FileStatus.TryGetSize(grant.ShareHandle, out long size, out bool isRegular));
        Assert.Equal(4096, size);
        Assert.True(isRegular);
        Assert.True(FileStatus.LooksLikeMemfd(grant.ShareHandle));
    }

    [Fact]
    public void SealedGrantCannotShrinkGrowOrTakeNewSealsInProcess()
    {
        using IAgentGrant grant = _allocator.Allocate(8192);

        Assert.Equal(LibC.EPERM, Memfd.TrySetSize(grant.ShareHandle, 4096));
        Assert.Equal(LibC.EPERM, Memfd.TrySetSize(grant.ShareHandle, 0));
        Assert.Equal(LibC.EPERM, Memfd.TrySetSize(grant.ShareHandle, 16384));
        // SEAL is set: nobody holding the fd can add WRITE and break the agent's own writes.
        Assert.Equal(LibC.EPERM, Memfd.TryAddSeals(grant.ShareHandle, MemfdSeals.Write));
        Assert.True(FileStatus.TryGetSize(grant.ShareHandle, out long size, out _));
        Assert.Equal(8192, size);
    }

    [Fact]
    public unsafe void Allocate_MapsReadWriteShared()
    {
        using IAgentGrant grant = _allocator.Allocate(3 * 4096);

        (string permissions, long length, _) = ProcSelf.FindMapping(grant.Address);
        Assert.Equal("rw-s", permissions);
        Assert.Equal(3 * 4096, length);
        var span = new Span<byte>((void*)grant.Address, checked((int)grant.Size));
        span.Fill(0x5A);
        Assert.Equal(0x5A, span[^1]);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(Limits.MaxGrantBytes + 1)]
    [InlineData(long.MaxValue)]
    public void AllocateRejectsSizesOutsideOneToMaxGrantBytes(long sizeBytes)
    {
        int before = ProcSelf.CountOpenFds();

        Assert.Throws<ArgumentOutOfRangeException>(() => _allocator.Allocate(sizeBytes));

        Assert.Equal(before, ProcSelf.CountOpenFds());
    }

    [Fact]
    public void DisposeUnmapsAndCloses()
    {
        int before = ProcSelf.CountOpenFds();
        IAgentGrant grant = _allocator.Allocate(4096);
        nint address = grant.Address;
        ulong inode = ProcSelf.FindMapping(address).Inode;
        var handle = grant.ShareHandle;

        grant.Dispose();

        Assert.True(handle.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => grant.Address);
        Assert.Throws<ObjectDisposedException>(() => grant.ShareHandle);
        Assert.True(ProcSelf.IsUnmapped(address, inode));
        Assert.Equal(before, ProcSelf.CountOpenFds());
    }

    [Fact]
    public void MemfdSealsMatchTheLinuxAbi()
    {
        Assert.Equal((int)MemfdSeals.Seal, LibC.F_SEAL_SEAL);
        Assert.Equal((int)MemfdSeals.Shrink, LibC.F_SEAL_SHRINK);
        Assert.Equal((int)MemfdSeals.Grow, LibC.F_SEAL_GROW);
        Assert.Equal((int)MemfdSeals.Write, LibC.F_SEAL_WRITE);
    }
}
