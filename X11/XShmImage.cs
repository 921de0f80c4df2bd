using System.Runtime.InteropServices;
using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>
/// An MIT-SHM image over memory the X server has attached (a grant): XShmPutImage then copies
/// from it inside the server, no pixels through the socket. Owns the native XImage and segment
/// info, not the memory or the segment.
/// </summary>
public sealed unsafe class XShmImage : IDisposable
{
    private XImage* _image;
    private XShmSegmentInfo* _info;

    internal XShmImage(XImage* image, XShmSegmentInfo* info, int width, int height)
    {
        _image = image;
        _info = info;
        Width = width;
        Height = height;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    internal XImage* Image => _image != null ? _image : throw new ObjectDisposedException(nameof(XShmImage));

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_image != null)
        {
            _image->Data = null; // the memory is the grant's, not Xlib's to free
            _ = Xlib.XFree(_image);
            _image = null;
            NativeMemory.Free(_info);
            _info = null;
        }
    }
}
