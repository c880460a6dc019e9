using System;
using System.IO;

namespace SocketAnalyzers.Cli.Tests;

/// <summary>A fresh folder under the system's temp folder for one test's files, deleted afterwards.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "SocketAnalyzers.Cli.Tests", Guid.NewGuid().ToString("N"));

    public TemporaryFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the run over it would not be.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
