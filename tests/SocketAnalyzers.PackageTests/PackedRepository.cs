using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;

namespace SocketAnalyzers.PackageTests;

/// <summary>
/// A copy of the repository's sources in a temporary folder, packed once with a version of its own.
/// Working on a copy keeps these builds out of the bin/obj folders that the other test projects are
/// using while the solution's tests run in parallel.
/// </summary>
public sealed class PackedRepository : IDisposable
{
    private static readonly string[] SkippedFolders = { ".git", "bin", "obj", "tests", "TestResults", "artifacts", ".vs", ".idea" };

    public PackedRepository()
    {
        WorkFolder = Path.Combine(Path.GetTempPath(), "SocketAnalyzers.PackageTests", Guid.NewGuid().ToString("N"));
        CopyFolder = Path.Combine(WorkFolder, "repo");
        FeedFolder = Path.Combine(WorkFolder, "feed");
        ConsumerPackagesFolder = Path.Combine(WorkFolder, "packages");
        try
        {
            Directory.CreateDirectory(FeedFolder);
            Directory.CreateDirectory(ConsumerPackagesFolder);
            CopySources(RepositoryRoot.Path, CopyFolder);

            // A version no earlier run used, so no cache anywhere can hold a stale package under it.
            PackageVersion = "0.0.0-smoke." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
            PackResult = DotNetCli.Run(
                CopyFolder,
                environment: null,
                "pack", Path.Combine("src", "Package", "SocketAnalyzers.Package.csproj"),
                "-c", Configuration,
                "-o", FeedFolder,
                "-p:PackageVersion=" + PackageVersion);
            Assert.True(PackResult.Succeeded, PackResult.ToString());
            PackagePath = Path.Combine(FeedFolder, $"SocketAnalyzers.{PackageVersion}.nupkg");
            Assert.True(File.Exists(PackagePath), $"{PackagePath} was not produced.{Environment.NewLine}{PackResult}");
        }
        catch
        {
            // xunit does not dispose a fixture whose constructor failed.
            Dispose();
            throw;
        }
    }

    /// <summary>The configuration every build of the copy uses, so the analyzers are compiled once.</summary>
    public const string Configuration = "Release";

    public string WorkFolder { get; }

    public string CopyFolder { get; }

    public string FeedFolder { get; }

    /// <summary>The NuGet global packages folder for consumer projects: empty at the start of the run.</summary>
    public string ConsumerPackagesFolder { get; }

    public string PackageVersion { get; }

    public string PackagePath { get; }

    internal DotNetResult PackResult { get; }

    public IReadOnlyDictionary<string, string> ConsumerEnvironment =>
        new Dictionary<string, string> { ["NUGET_PACKAGES"] = ConsumerPackagesFolder };

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the run over it would not be.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void CopySources(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (string folder in Directory.EnumerateDirectories(source))
        {
            string name = Path.GetFileName(folder);
            if (!SkippedFolders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                CopySources(folder, Path.Combine(destination, name));
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackedRepositoryCollection : ICollectionFixture<PackedRepository>
{
    public const string Name = "Packed repository";
}
