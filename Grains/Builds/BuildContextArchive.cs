using System.Formats.Tar;
using System.IO.Compression;

namespace JobScheduler.Grains.Builds;

/// <summary>
/// The tar stream the engine builds from: the user's context (a tar archive, gzip-compressed or not) with the fetched
/// Dockerfile added under a name of its own (<see cref="DockerfileName"/>), so a Dockerfile in the context cannot take
/// its place.
/// </summary>
public static class BuildContextArchive
{
    /// <summary>The Dockerfile's path inside the archive (the build's <c>dockerfile</c> parameter).</summary>
    public const string DockerfileName = ".jobscheduler.Dockerfile";

    /// <summary>Writes the archive into a new stream, positioned at its start.</summary>
    /// <exception cref="InvalidDataException">The context is not a tar archive.</exception>
    public static MemoryStream Create(byte[] dockerfile, byte[]? context)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            if (context is { Length: > 0 })
            {
                using var source = Decompressed(context);
                using var reader = new TarReader(source);
                while (reader.GetNextEntry(copyData: true) is { } entry)
                {
                    if (string.Equals(entry.Name.TrimStart('.', '/'), DockerfileName.TrimStart('.'), StringComparison.Ordinal))
                        continue;
                    writer.WriteEntry(entry);
                }
            }
            var file = new PaxTarEntry(TarEntryType.RegularFile, DockerfileName)
            {
                DataStream = new MemoryStream(dockerfile, writable: false),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            writer.WriteEntry(file);
        }
        output.Position = 0;
        return output;
    }

    private static Stream Decompressed(byte[] context) =>
        context is [0x1f, 0x8b, ..]
            ? new GZipStream(new MemoryStream(context, writable: false), CompressionMode.Decompress)
            : new MemoryStream(context, writable: false);
}
