using System.Text;
using Microsoft.AspNetCore.StaticFiles;

namespace Sandcastle.Server.Sandboxes;

/// <summary>Guesses a file's media type from its name and whether its bytes are text.</summary>
internal static class FileContent
{
    private static readonly FileExtensionContentTypeProvider Types = new();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string MimeType(string path) =>
        Types.TryGetContentType(path, out var type) ? type : "application/octet-stream";

    /// <summary>Text: valid UTF-8 without NUL bytes. Returns the text, or null for binary content.</summary>
    public static string? AsText(byte[] bytes)
    {
        if (Array.IndexOf(bytes, (byte)0) >= 0)
            return null;
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
