using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Rules;
using SocketAnalyzers.TestSupport;
using SocketAnalyzers.Tests.Meta;
using Xunit;

namespace SocketAnalyzers.Tests.Rules;

/// <summary>
/// SOCK005 and CA2000 (Microsoft.CodeAnalysis.NetAnalyzers, "Dispose objects before losing scope", raised to warning)
/// run on the same snippets; each verdict must be the one docs/ca2000-comparison.md gives, and the document's table
/// must list exactly these cases with these verdicts.
/// </summary>
public sealed class Ca2000ComparisonTests
{
    private const string Ca2000 = "CA2000";

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>Case name (as in the document's table) → the snippet, and whether SOCK005 and CA2000 report it.</summary>
    private static readonly IReadOnlyDictionary<string, (string Code, bool Sock005, bool Ca2000)> Cases = new Dictionary<string, (string, bool, bool)>
    {
        ["new-never-closed"] = ("""
            class C
            {
                void M(EndPoint ep, byte[] b)
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    s.Connect(ep);
                    s.Send(b);
                }
            }
            """, true, true),
        ["accepted-never-closed"] = ("""
            class C
            {
                void M(TcpListener listener, byte[] b)
                {
                    var client = listener.AcceptTcpClient();
                    client.GetStream().Write(b, 0, b.Length);
                }
            }
            """, true, false),
        ["accepted-socket-never-closed"] = ("""
            class C
            {
                void M(Socket listener, byte[] b)
                {
                    var s = listener.Accept();
                    s.Send(b);
                }
            }
            """, true, false),
        ["early-return"] = ("""
            class C
            {
                void M(EndPoint ep, bool stop)
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    if (stop) return;
                    s.Close();
                }
            }
            """, true, true),
        ["exception-path"] = ("""
            class C
            {
                void M(EndPoint ep, byte[] b)
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    s.Connect(ep);
                    s.Send(b);
                    s.Close();
                }
            }
            """, true, false),
        ["factory-exception-path"] = ("""
            class C
            {
                Socket M(EndPoint ep)
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    s.Bind(ep);
                    return s;
                }
            }
            """, true, false),
        ["close-guarded-by-connected"] = ("""
            class C
            {
                void M(EndPoint ep)
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    if (s.Connected) s.Close();
                }
            }
            """, true, true),
        ["catch-swallows"] = ("""
            class C
            {
                void M(EndPoint ep)
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    try { s.Connect(ep); s.Close(); }
                    catch (SocketException) { }
                }
            }
            """, true, true),
        ["get-stream-disposed"] = ("""
            class C
            {
                void M(byte[] b)
                {
                    var client = new TcpClient();
                    using (var stream = client.GetStream())
                    {
                        stream.Write(b, 0, b.Length);
                    }
                }
            }
            """, false, true),
        ["owning-stream-disposed"] = ("""
            class C
            {
                void M(byte[] b)
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    using (var ns = new NetworkStream(s, ownsSocket: true))
                    {
                        ns.Write(b, 0, b.Length);
                    }
                }
            }
            """, false, true),
        ["non-owning-stream-disposed"] = ("""
            class C
            {
                void M(byte[] b)
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    using (var ns = new NetworkStream(s))
                    {
                        ns.Write(b, 0, b.Length);
                    }
                }
            }
            """, true, true),
        ["owning-stream-never-closed"] = ("""
            class C
            {
                void M(Socket listener, byte[] b)
                {
                    var ns = new NetworkStream(listener.Accept(), ownsSocket: true);
                    ns.Write(b, 0, b.Length);
                }
            }
            """, true, true),
        ["using"] = ("""
            class C
            {
                void M(EndPoint ep, byte[] b)
                {
                    using var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    s.Connect(ep);
                    s.Send(b);
                }
            }
            """, false, false),
        ["try-finally"] = ("""
            class C
            {
                void M(EndPoint ep, byte[] b)
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    try { s.Connect(ep); s.Send(b); }
                    finally { s.Close(); }
                }
            }
            """, false, false),
        ["returned"] = ("""
            class C
            {
                Socket M()
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    return s;
                }
            }
            """, false, false),
        ["stored-in-field"] = ("""
            class C
            {
                private Socket _socket;
                void M()
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    _socket = s;
                }
            }
            """, false, false),
        ["added-to-collection"] = ("""
            class C
            {
                private readonly List<Socket> _clients = new List<Socket>();
                void M(Socket listener)
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    _clients.Add(s);
                }
            }
            """, false, false),
        ["captured-by-task"] = ("""
            class C
            {
                void M()
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    Task.Run(() => Serve(s));
                }
                static void Serve(Socket s) { using (s) { } }
            }
            """, false, true),
        ["passed-to-unknown-code"] = ("""
            class C
            {
                void M()
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    ThreadPool.QueueUserWorkItem(Serve, s);
                }
                static void Serve(object state) { ((Socket)state).Dispose(); }
            }
            """, false, true),
        ["passed-to-a-method-that-does-not-close"] = ("""
            class C
            {
                void M()
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    Greet(s);
                }
                static void Greet(Socket s) { s.Send(new byte[1]); }
            }
            """, true, true),
        ["reassigned"] = ("""
            class C
            {
                void M()
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    s.Close();
                }
            }
            """, true, true),
    };

    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> Ca2000Analyzers = new(LoadCa2000);

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Verdicts_are_the_documented_ones(string name)
    {
        var (code, sock005, ca2000) = Cases[name];

        var reported = await RunAsync(Usings + code);

        Assert.True(
            reported.Contains(RuleIds.ConnectionNotClosed) == sock005 && reported.Contains(Ca2000) == ca2000,
            $"{name}: expected SOCK005 {Verdict(sock005)}, CA2000 {Verdict(ca2000)}; got SOCK005 {Verdict(reported.Contains(RuleIds.ConnectionNotClosed))}, " +
            $"CA2000 {Verdict(reported.Contains(Ca2000))}");
    }

    [Fact]
    public void The_document_lists_every_case_with_its_verdicts()
    {
        var rows = new Dictionary<string, (bool, bool)>(StringComparer.Ordinal);
        var row = new Regex(@"^\|\s*`(?<name>[a-z0-9-]+)`\s*\|(?<rest>.*)$");
        foreach (var line in File.ReadLines(RepositoryRoot.File("docs", "ca2000-comparison.md")))
        {
            var match = row.Match(line);
            if (!match.Success)
            {
                continue;
            }

            var cells = match.Groups["rest"].Value.Split('|').Select(cell => cell.Trim()).ToArray();
            Assert.True(cells.Length >= 3, $"A case row has the columns case | SOCK005 | CA2000 | ...: {line}");
            Assert.True(rows.TryAdd(match.Groups["name"].Value, (Parse(cells[0], line), Parse(cells[1], line))), $"Listed twice: {line}");
        }

        Assert.Equal(Cases.Keys.OrderBy(k => k, StringComparer.Ordinal), rows.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var pair in Cases)
        {
            Assert.True(rows[pair.Key] == (pair.Value.Sock005, pair.Value.Ca2000), $"{pair.Key}: the document's verdicts differ from the test's.");
        }
    }

    private static bool Parse(string cell, string line) => cell switch
    {
        var c when c.StartsWith("reported", StringComparison.Ordinal) => true,
        var c when c.StartsWith("—", StringComparison.Ordinal) => false,
        _ => throw new InvalidOperationException($"A verdict cell is \"reported ...\" or \"— ...\": {line}"),
    };

    private static string Verdict(bool reported) => reported ? "reported" : "silent";

    [Fact]
    public async Task With_dispose_analysis_kind_AllPaths_CA2000_reports_exception_paths_too()
    {
        var (code, _, _) = Cases["exception-path"];
        var options = new Dictionary<string, string> { ["dotnet_code_quality.CA2000.dispose_analysis_kind"] = "AllPaths" };

        Assert.Contains(Ca2000, await RunAsync(Usings + code, options));
    }

    [Fact]
    public async Task CA2000_can_leave_sockets_to_SOCK005()
    {
        var (code, _, _) = Cases["get-stream-disposed"];
        var options = new Dictionary<string, string>
        {
            ["dotnet_code_quality.CA2000.excluded_type_names_with_derived_types"] = "T:System.Net.Sockets.Socket|T:System.Net.Sockets.TcpClient",
        };

        Assert.DoesNotContain(Ca2000, await RunAsync(Usings + code, options));
    }

    private static async Task<HashSet<string>> RunAsync(string source, IReadOnlyDictionary<string, string>? editorConfig = null)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Snippet.cs");
        var compilation = CSharpCompilation.Create(
            "Snippet",
            new[] { tree },
            TestReferences.Net100,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { [Ca2000] = ReportDiagnostic.Warn }));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var analyzers = Ca2000Analyzers.Value.Add(new ConnectionNotClosedAnalyzer());
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new OptionsProvider(editorConfig ?? new Dictionary<string, string>())),
            onAnalyzerException: (exception, analyzer, _) => throw new InvalidOperationException($"{analyzer} threw", exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        return new HashSet<string>(diagnostics.Select(d => d.Id), StringComparer.Ordinal);
    }

    /// <summary>The analyzers of Microsoft.CodeAnalysis.NetAnalyzers that report CA2000, loaded from the package's files.</summary>
    private static ImmutableArray<DiagnosticAnalyzer> LoadCa2000()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "third-party", "NetAnalyzers");
        var loader = new LoadFromLoader();
        var owners = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var file in new[] { "Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll" })
        {
            var path = Path.Combine(directory, file);
            Assert.True(File.Exists(path), $"{path} is copied there by the build (PackageDownload of Microsoft.CodeAnalysis.NetAnalyzers).");
            owners.AddRange(new AnalyzerFileReference(path, loader)
                .GetAnalyzers(LanguageNames.CSharp)
                .Where(analyzer => analyzer.SupportedDiagnostics.Any(descriptor => descriptor.Id == Ca2000)));
        }

        Assert.NotEmpty(owners);
        return owners.ToImmutable();
    }

    /// <summary>The same .editorconfig options for every file and globally.</summary>
    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        public OptionsProvider(IReadOnlyDictionary<string, string> values) => _options = new Options(values);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly IReadOnlyDictionary<string, string> _values;

            public Options(IReadOnlyDictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
                _values.TryGetValue(key, out value);
        }
    }

    /// <summary>Loads analyzer assemblies into the default context, where the test host's Roslyn already is.</summary>
    private sealed class LoadFromLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
