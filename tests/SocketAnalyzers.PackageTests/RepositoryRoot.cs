using System;
using System.IO;

namespace SocketAnalyzers.PackageTests;

internal static class RepositoryRoot
{
    /// <summary>The folder holding <c>SocketAnalyzers.sln</c>, found by walking up from the test assembly.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "SocketAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SocketAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
