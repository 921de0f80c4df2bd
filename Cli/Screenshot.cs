using System.Runtime.InteropServices;
using GuiVirt.X11;
using SkiaSharp;

namespace GuiVirt.Cli;

/// <summary>`guivirt screenshot FILE.png`: the host display as it is shown, as a PNG (SkiaSharp).</summary>
internal static class Screenshot
{
    public static void Save(XDisplay display, string path)
    {
        byte[] pixels = display.TryGetImage(display.Root, new XRect(0, 0, display.Width, display.Height))
            ?? throw new XException($"cannot read the screen of {display.Name}");

        // X's pixels are BGRX with an undefined pad byte: declared opaque, never read as alpha.
        var info = new SKImageInfo(display.Width, display.Height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        GCHandle pinned = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var bitmap = new SKBitmap();
            if (!bitmap.InstallPixels(info, pinned.AddrOfPinnedObject(), info.RowBytes))
            {
                throw new InvalidOperationException("SkiaSharp refused the screen's pixels");
            }

            using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            using FileStream file = File.Create(path);
            png.SaveTo(file);
        }
        finally
        {
            pinned.Free();
        }
    }
}
