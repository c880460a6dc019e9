using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;
using SocketAnalyzers.TestSupport;
using Xunit;

namespace SocketAnalyzers.Tests.Model;

/// <summary>
/// Where a value comes from (<see cref="ValueOrigins"/>): locals assigned once in a function and in a whole body,
/// aliases through wrappers and copies with their ownership, the origin of a connection expression, of fields and of
/// parameters (through the calls in other files), and the kinds of connection types.
/// </summary>
public sealed class ValueOriginsTests
{
    private const string Usings = "using System; using System.IO; using System.Net.Sockets; using System.Net.Security; using System.Net.WebSockets; ";

    [Fact]
    public void A_local_assigned_once_has_its_value_and_one_assigned_twice_has_none()
    {
        var (body, _) = MethodBodies.FirstMethodBody("void M(Socket s) { var once = s; var twice = s; twice = null!; Socket later; later = s; Socket never; }");

        var locals = ValueOrigins.AssignedOnceIn(body);

        Assert.Equal(new[] { "later", "once" }, locals.Keys.Select(local => local.Name).OrderBy(name => name));
        Assert.Equal("s", locals.Single(pair => pair.Key.Name == "once").Value.Syntax.ToString());
        Assert.Same(locals, ValueOrigins.AssignedOnceIn(body));
    }

    [Fact]
    public void A_local_written_any_other_way_has_no_single_value()
    {
        var (body, _) = MethodBodies.FirstMethodBody(
            "void M(Socket s, (Socket, Socket) pair) { var kept = s; var compound = 1; compound += 1; var counted = 1; counted++; " +
            "Socket? coalesced = null; coalesced ??= s; var outArg = s; Take(out outArg); var refArg = s; Swap(ref refArg); " +
            "var left = s; var right = s; (left, right) = pair; } " +
            "void Take(out Socket x) { x = null!; } void Swap(ref Socket x) { }");

        var locals = ValueOrigins.AssignedOnceIn(body);

        Assert.Equal(new[] { "kept" }, locals.Keys.Select(local => local.Name));
    }

    [Fact]
    public void Locals_assigned_in_lambdas_count_in_the_body_and_one_assigned_in_two_functions_is_left_out()
    {
        var (body, _) = MethodBodies.FirstMethodBody(
            "void M(Socket s) { Socket? outer = null; Action f = () => { outer = s; var inner = s; inner.Close(); }; " +
            "Socket? shared; Action g = () => shared = s; Action h = () => shared = s; void Local() { var own = s; own.Close(); } }");

        var inBody = ValueOrigins.AssignedOnceInBody(body);
        var inMethod = ValueOrigins.AssignedOnceIn(body);
        var lambda = body.Descendants().OfType<IAnonymousFunctionOperation>().First();

        Assert.Equal(new[] { "f", "g", "h", "inner", "own" }, inBody.Keys.Select(local => local.Name).OrderBy(name => name));
        // Each function on its own: the method sees its own assignment of `outer`, the lambda its own.
        Assert.Contains(inMethod.Keys, local => local.Name == "outer");
        Assert.DoesNotContain(inMethod.Keys, local => local.Name == "inner");
        Assert.Equal(new[] { "inner", "outer" }, ValueOrigins.AssignedOnceIn(lambda).Keys.Select(local => local.Name).OrderBy(name => name));
        Assert.Same(ValueOrigins.AssignedOnceIn(lambda), ValueOrigins.AssignedOnceIn(lambda.Body));

        var innerRead = body.Descendants().OfType<ILocalReferenceOperation>().First(reference => reference.Local.Name == "inner");
        Assert.True(ValueOrigins.TryGetSingleValue(innerRead, out var value));
        Assert.Equal("s", value.Syntax.ToString());
    }

    [Fact]
    public void A_wrapper_aliases_the_connection_it_wraps_and_says_whether_it_owns_it()
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(
            "void M(TcpClient client, string path) { var ns = client.GetStream(); var reader = new StreamReader(ns); " +
            "var writer = new StreamWriter(ns, System.Text.Encoding.UTF8, 1024, leaveOpen: true); var copy = reader; " +
            "var file = new StreamReader(path); copy.ReadLine(); writer.Flush(); file.ReadLine(); }");
        var origins = ValueOrigins.Of(body, semantics);
        var locals = ValueOrigins.AssignedOnceIn(body);
        IOperation ValueOf(string name) => locals.Single(pair => pair.Key.Name == name).Value;
        ILocalReferenceOperation Read(string name) => body.Descendants().OfType<ILocalReferenceOperation>().First(reference => reference.Local.Name == name);

        Assert.Equal("client", origins.AliasedValue(ValueOf("ns"), out var streamOwns)!.Syntax.ToString());
        Assert.True(streamOwns);
        Assert.Equal("ns", origins.AliasedValue(ValueOf("reader"), out var readerOwns)!.Syntax.ToString());
        Assert.True(readerOwns);
        Assert.Equal("ns", origins.AliasedValue(ValueOf("writer"), out var writerOwns)!.Syntax.ToString());
        Assert.False(writerOwns);
        Assert.Equal("reader", origins.AliasedValue(ValueOf("copy"), out _)!.Syntax.ToString());

        Assert.Equal("client", origins.ConnectionOriginOf(Read("copy"))?.Name);
        Assert.Equal("client", origins.ConnectionOriginOf(Read("writer"))?.Name);
        Assert.Null(origins.ConnectionOriginOf(Read("file")));
        Assert.Equal("client", origins.ConnectionOriginOf(Read("copy").Local)?.Name);
    }

    [Fact]
    public void A_stream_field_is_a_connection_when_its_type_assigns_it_one()
    {
        var compilation = Compile(
            "class Session { private readonly Stream _stream; private readonly Stream _log; private Socket? _socket; " +
            "public Session(TcpClient client, string path) { var ns = client.GetStream(); _stream = new BufferedStream(ns); _log = File.OpenWrite(path); } }");
        var semantics = Semantics(compilation);
        var session = compilation.GetTypeByMetadataName("Session")!;
        var origins = ValueOrigins.Of(Body(compilation, "Session"), semantics);

        Assert.True(origins.HoldsConnection(session.GetMembers("_stream").Single()));
        Assert.True(origins.HoldsConnection(session.GetMembers("_socket").Single()));
        Assert.False(origins.HoldsConnection(session.GetMembers("_log").Single()));
    }

    [Fact]
    public void A_parameter_is_passed_a_connection_when_every_call_in_any_file_passes_one()
    {
        var compilation = Compile(
            "static class Pumps { internal static void Pump(Stream s) { s.Flush(); } internal static void Mixed(Stream s) { } " +
            "internal static void Grouped(Stream s) { } internal static void Unused(Stream s) { } public static void Public(Stream s) { } }",
            "class Caller { void Run(TcpClient client, string path) { var ns = client.GetStream(); Pumps.Pump(ns); Pumps.Pump(new SslStream(ns)); " +
            "Pumps.Mixed(ns); Pumps.Mixed(File.OpenRead(path)); Action<Stream> a = Pumps.Grouped; Pumps.Grouped(ns); } }");
        var semantics = Semantics(compilation);
        var pumps = compilation.GetTypeByMetadataName("Pumps")!;
        var origins = ValueOrigins.Of(Body(compilation, "Pumps"), semantics);
        bool Passed(string method) => origins.IsPassedConnectionByEveryCaller(((IMethodSymbol)pumps.GetMembers(method).Single()).Parameters[0], CancellationToken.None);

        Assert.True(Passed("Pump"));
        Assert.False(Passed("Mixed"));
        Assert.False(Passed("Grouped"));
        Assert.False(Passed("Unused"));
        Assert.False(Passed("Public"));
        Assert.Equal(2, ValueOrigins.CallSites((IMethodSymbol)pumps.GetMembers("Pump").Single(), semantics, CancellationToken.None).Length);
    }

    [Fact]
    public void The_index_of_calls_is_kept_per_file_and_reused_by_the_next_compilation()
    {
        var tree = CSharpSyntaxTree.ParseText("class A { void M() { N(); this.N(); System.Action a = N; } void N() { } }");
        var first = CSharpCompilation.Create("First", new[] { tree }, TestReferences.Net100);
        var second = first.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }"));

        var index = InvocationIndex.Of(first.SyntaxTrees[0], CancellationToken.None);

        Assert.Same(index, InvocationIndex.Of(second.SyntaxTrees[0], CancellationToken.None));
        Assert.Equal(2, index.Calling("N").Length);
        Assert.True(index.NamesOtherwise("N"));
        Assert.False(index.NamesOtherwise("M"));
    }

    [Theory]
    [InlineData("Socket", ConnectionKind.Endpoint)]
    [InlineData("TcpClient", ConnectionKind.Endpoint)]
    [InlineData("System.Net.WebSockets.ClientWebSocket", ConnectionKind.Endpoint)]
    [InlineData("NetworkStream", ConnectionKind.NetworkStream)]
    [InlineData("System.Net.Security.SslStream", ConnectionKind.OtherConnection)]
    [InlineData("MemoryStream", ConnectionKind.Stream)]
    [InlineData("StreamReader", ConnectionKind.Other)]
    [InlineData("string", ConnectionKind.Other)]
    public void Connection_types_have_one_kind_each_in_the_order_of_ownership(string type, ConnectionKind expected)
    {
        var (body, semantics) = MethodBodies.FirstMethodBody("void M(" + type + " value) { }");
        var parameter = ((IMethodSymbol)semantics.Compilation.GetTypeByMetadataName("C")!.GetMembers("M").Single()).Parameters[0];

        Assert.Equal(expected, ValueOrigins.Of(body, semantics).KindOf(parameter));
    }

    private static CSharpCompilation Compile(params string[] sources)
    {
        var compilation = CSharpCompilation.Create(
            "ValueOrigins",
            sources.Select(source => CSharpSyntaxTree.ParseText(Usings + source)),
            TestReferences.Net100,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return compilation;
    }

    private static ConnectionSemantics Semantics(Compilation compilation) =>
        ConnectionSemantics.For(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty))!;

    /// <summary>The body of the first method or constructor of <paramref name="type"/>.</summary>
    private static IOperation Body(Compilation compilation, string type)
    {
        var declaration = compilation.SyntaxTrees.SelectMany(tree => tree.GetRoot().DescendantNodes())
            .OfType<TypeDeclarationSyntax>().First(candidate => candidate.Identifier.ValueText == type);
        var member = declaration.Members.OfType<BaseMethodDeclarationSyntax>().First();
        return compilation.GetSemanticModel(member.SyntaxTree).GetOperation(member)!;
    }
}
