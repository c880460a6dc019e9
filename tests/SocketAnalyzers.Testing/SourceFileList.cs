using System.Collections.Generic;

namespace SocketAnalyzers.Testing;

/// <summary>
/// Extra source files of a test project. Collection-initializer friendly:
/// <c>{ "code" }</c> (named Test1.cs, Test2.cs, ...) or <c>{ { "Name.cs", "code" } }</c>.
/// The test document itself is always Test0.cs.
/// </summary>
public sealed class SourceFileList : List<(string FileName, string Source)>
{
    public void Add(string source) => Add(($"Test{Count + 1}.cs", source));

    public void Add(string fileName, string source) => Add((fileName, source));
}
