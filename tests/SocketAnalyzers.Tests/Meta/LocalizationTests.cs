using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SocketAnalyzers.Tests.Meta;

/// <summary>
/// Every text a diagnostic shows comes from Resources.resx and has a Simplified Chinese translation in
/// Resources.zh-Hans.resx, which the build turns into the satellite zh-Hans/SocketAnalyzers.resources.dll;
/// a diagnostic formatted for zh-Hans reads in Chinese, composed parts included.
/// </summary>
public sealed class LocalizationTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-Hans");

    private static readonly Regex Placeholder = new Regex(@"\{(?<index>\d+)(?:[,:][^}]*)?\}");

    /// <summary>A word of code: a dotted name, or a name with two capitals or an underscore (SocketErrorCode, IOException, EPIPE, CLOSE_WAIT).</summary>
    private static readonly Regex Word = new Regex(@"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*");

    /// <summary>English words that look like code but are prose, and are translated ("per OS": 因操作系统而异).</summary>
    private static readonly ImmutableHashSet<string> ProseWords = ImmutableHashSet.Create(StringComparer.Ordinal, "OS");

    /// <summary>Two English words in a row: an untranslated phrase, once quoted code and quoted message text are removed.</summary>
    private static readonly Regex EnglishPhrase = new Regex(@"\b[A-Za-z]*[a-z]{2,} [a-z]{2,}\b");

    private static readonly Regex Quoted = new Regex(@"'[^']*'");

    private static IReadOnlyDictionary<string, string> English { get; } = ReadResx("Resources.resx");

    private static IReadOnlyDictionary<string, string> Simplified { get; } = ReadResx("Resources.zh-Hans.resx");

    [Fact]
    public void Every_resource_has_a_zh_Hans_translation_and_the_translation_no_other_key()
    {
        string[] missing = English.Keys.Where(key => !Simplified.ContainsKey(key)).OrderBy(key => key, StringComparer.Ordinal).ToArray();
        string[] extra = Simplified.Keys.Where(key => !English.ContainsKey(key)).OrderBy(key => key, StringComparer.Ordinal).ToArray();
        string[] empty = Simplified.Where(pair => pair.Value.Length == 0).Select(pair => pair.Key).ToArray();

        Assert.True(missing.Length == 0, "src/Analyzers/Resources.zh-Hans.resx lacks: " + string.Join(", ", missing));
        Assert.True(extra.Length == 0, "src/Analyzers/Resources.zh-Hans.resx has keys Resources.resx does not: " + string.Join(", ", extra));
        Assert.True(empty.Length == 0, "empty translations: " + string.Join(", ", empty));
    }

    [Fact]
    public void Translations_keep_every_placeholder_and_every_word_of_code()
    {
        var problems = new List<string>();
        foreach ((string key, string english) in English.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!Simplified.TryGetValue(key, out string? chinese))
            {
                continue;
            }

            string[] englishPlaceholders = Placeholders(english);
            string[] chinesePlaceholders = Placeholders(chinese);
            if (!englishPlaceholders.SequenceEqual(chinesePlaceholders))
            {
                problems.Add($"{key}: placeholders {string.Join(" ", englishPlaceholders)} in English, {string.Join(" ", chinesePlaceholders)} in zh-Hans");
            }

            foreach (string word in CodeWords(english).Where(word => !chinese.Contains(word, StringComparison.Ordinal)))
            {
                problems.Add($"{key}: '{word}' is code and stays as it is in zh-Hans: {chinese}");
            }

            if (english.Trim().Length > 0 && english == chinese)
            {
                problems.Add($"{key}: not translated");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Satellite_assembly_serves_the_zh_Hans_texts_also_to_zh_CN()
    {
        foreach ((string key, string chinese) in Simplified)
        {
            Assert.Equal(chinese, Resources.ResourceManager.GetString(key, Chinese));
            // zh-CN falls back to zh-Hans: mainland Windows and Visual Studio run under zh-CN.
            Assert.Equal(chinese, Resources.ResourceManager.GetString(key, CultureInfo.GetCultureInfo("zh-CN")));
            Assert.Equal(English[key], Resources.ResourceManager.GetString(key, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Descriptor_texts_read_in_Chinese_under_zh_Hans()
    {
        foreach (DiagnosticDescriptor descriptor in ShippedComponents.Descriptors)
        {
            Assert.Equal(Simplified[descriptor.Id + "_Title"], descriptor.Title.ToString(Chinese));
            Assert.Equal(Simplified[descriptor.Id + "_Message"], descriptor.MessageFormat.ToString(Chinese));
            Assert.Equal(Simplified[descriptor.Id + "_Description"], descriptor.Description.ToString(Chinese));
        }
    }

    [Fact]
    public async Task Every_demo_diagnostic_reads_in_Chinese_under_zh_Hans()
    {
        string demo = RepositoryRoot.File("samples", "Demo");
        string[] sources = Directory.EnumerateFiles(demo, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                           !file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToArray();

        ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(sources.Select(file => (File.ReadAllText(file), file)).ToArray());

        // The demo shows every rule: so every rule's message is checked here.
        Assert.Equal(
            ShippedComponents.Descriptors.Select(descriptor => descriptor.Id).OrderBy(id => id, StringComparer.Ordinal),
            diagnostics.Select(diagnostic => diagnostic.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));
        var problems = new List<string>();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            string english = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            string chinese = diagnostic.GetMessage(Chinese);
            Match phrase = EnglishPhrase.Match(Quoted.Replace(chinese, string.Empty));
            if (chinese == english || phrase.Success || !chinese.Contains(LongestLiteral(Simplified[diagnostic.Id + "_Message"]), StringComparison.Ordinal))
            {
                problems.Add($"{diagnostic.Id} at {diagnostic.Location.GetLineSpan()}: \"{chinese}\"" + (phrase.Success ? $" (English: \"{phrase.Value}\")" : string.Empty));
            }
        }

        Assert.True(problems.Count == 0, "messages not in Chinese under zh-Hans:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Composed_messages_are_Chinese_in_every_part()
    {
        const string source = """
            using System.Net;
            using System.Net.Sockets;

            class C
            {
                bool IsReset(Socket s, byte[] b)
                {
                    try { s.Send(b); return false; }
                    catch (SocketException e) when (e.ErrorCode is 104 or 54) { return true; }
                }

                void Send(EndPoint ep, byte[] b)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(ep);
                    socket.Send(b);
                    socket.Close();
                }
            }
            """;

        ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(new[] { (source, "C.cs") });

        Assert.Contains(
            "而不是比较本机错误号 104、54（Linux 上的 ECONNRESET、macOS 上的 ECONNRESET；在其他系统上各不相同）",
            Assert.Single(diagnostics, diagnostic => diagnostic.Id == RuleIds.SocketErrorByTextOrNumber).GetMessage(Chinese),
            StringComparison.Ordinal);
        Assert.Equal(
            "此连接在离开方法的某条异常路径上没有关闭；对方关闭后，它会一直停留在 CLOSE_WAIT：请用 using 或 try/finally 关闭它",
            Assert.Single(diagnostics, diagnostic => diagnostic.Id == RuleIds.ConnectionNotClosed).GetMessage(Chinese));
    }

    [Fact]
    public void Chinese_socket_errors_page_has_the_rows_code_and_links_of_the_English_one()
    {
        string englishPath = RepositoryRoot.File("docs", "socket-errors.md");
        string chinesePath = RepositoryRoot.File("docs", "zh-Hans", "socket-errors.md");
        string english = GeneratedDocs.Read(englishPath);
        string chinese = GeneratedDocs.Read(chinesePath);

        // Same scenarios, and the code a fix inserts word for word (its comments are what the fix writes).
        Assert.Equal(TableRows(english), TableRows(chinese));
        Assert.Equal(CodeBlocks(english), CodeBlocks(chinese));
        Assert.Equal(LinkTargets(englishPath, english), LinkTargets(chinesePath, chinese).Where(target => target != englishPath));
        Assert.All(LinkTargets(chinesePath, chinese), target => Assert.True(File.Exists(target) || Directory.Exists(target), $"docs/zh-Hans/socket-errors.md links to {target}, which does not exist"));
    }

    private static string[] TableRows(string page) =>
        Regex.Matches(page, @"^\| (?<row>\d+[a-z]?) \|", RegexOptions.Multiline).Select(match => match.Groups["row"].Value).ToArray();

    private static string[] CodeBlocks(string page) =>
        Regex.Matches(page, @"^```csharp\n.*?^```", RegexOptions.Multiline | RegexOptions.Singleline).Select(match => match.Value).ToArray();

    /// <summary>The files and folders of the repository the page links to, as full paths, in order of first appearance.</summary>
    private static string[] LinkTargets(string pagePath, string page) =>
        Regex.Matches(page, @"\]\((?!https?:|#)(?<target>[^)#]+)")
            .Select(match => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(pagePath)!, match.Groups["target"].Value)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The shipped analyzers' diagnostics on the sources, with every rule on (SOCK009 is off by default).</summary>
    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync((string Text, string Path)[] sources)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "Localized",
            sources.Select(source => CSharpSyntaxTree.ParseText(source.Text, parseOptions, source.Path)),
            SocketAnalyzers.TestSupport.TestReferences.Net100,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(ShippedComponents.Descriptors.ToDictionary(descriptor => descriptor.Id, _ => ReportDiagnostic.Warn)));
        Diagnostic[] errors = compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "the sources do not compile: " + string.Join(Environment.NewLine, errors.Select(error => error.ToString())));

        ImmutableArray<DiagnosticAnalyzer> analyzers = ShippedComponents.AnalyzerTypes.Select(ShippedComponents.CreateAnalyzer).ToImmutableArray();
        return await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
    }

    private static IReadOnlyDictionary<string, string> ReadResx(string fileName) =>
        XDocument.Load(RepositoryRoot.File("src", "Analyzers", fileName)).Root!
            .Elements("data")
            .ToDictionary(data => (string)data.Attribute("name")!, data => (string?)data.Element("value") ?? string.Empty, StringComparer.Ordinal);

    private static string[] Placeholders(string text) =>
        Placeholder.Matches(text).Select(match => "{" + match.Groups["index"].Value + "}").Distinct().OrderBy(value => value, StringComparer.Ordinal).ToArray();

    private static IEnumerable<string> CodeWords(string text) =>
        Word.Matches(text)
            .Select(match => match.Value)
            .Where(word => (word.Contains('.') || word.Contains('_') || word.Count(char.IsUpper) >= 2) && !ProseWords.Contains(word))
            .Distinct(StringComparer.Ordinal);

    /// <summary>The longest text between placeholders of a message format: what every message of that format contains.</summary>
    private static string LongestLiteral(string format) =>
        Placeholder.Split(format).OrderByDescending(part => part.Length).First();
}
