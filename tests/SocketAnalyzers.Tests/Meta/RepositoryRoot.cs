using System;
using System.IO;

namespace SocketAnalyzers.Tests.Meta;

internal static class RepositoryRoot
{
    /// <summary>The folder holding <c>SocketAnalyzers.sln</c>, found by walking up from the test assembly.</summary>
    public static string Path { get; } = Find();

    public static string File(params string[] relativeParts) =>
        System.IO.Path.Combine(Path, System.IO.Path.Combine(relativeParts));

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "SocketAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SocketAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
