using System.Linq;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;
using Xunit;

namespace SocketAnalyzers.Tests.Model;

/// <summary>
/// The facts one walk of a body gives the early bail-outs of the flow rules, SOCK002, SOCK003 and SOCK006. A fact
/// that is false where it should be true would make a rule skip a body it has something to report in (the rule
/// tests show none is missed); these show what each fact is, and what it is not.
/// </summary>
public sealed class BodyFactsTests
{
    [Theory]
    [InlineData("void M(Socket s) { s.Close(); }", true)]
    [InlineData("void M() { var c = new TcpClient(); }", true)]
    [InlineData("void M(Func<Socket> f) { Action a = () => f().Close(); }", false)]
    [InlineData("void M() { Action<NetworkStream> a = ns => ns.Flush(); }", true)]
    [InlineData("Socket? s; void M() { s?.Close(); }", true)]
    [InlineData("void M(MemoryStream m, string text, int[] xs) { m.Flush(); }", false)]
    [InlineData("void M(string path) { using var r = new StreamReader(path); r.ReadLine(); }", false)]
    [InlineData("void M(int n, string s) { Console.WriteLine(s + n); }", false)]
    public void A_body_names_a_connection_through_a_local_parameter_or_member_of_a_connection_type(string members, bool expected)
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(members);

        Assert.Equal(expected, BodyFacts.Of(body, semantics).NamesConnection);
    }

    [Theory]
    [InlineData("bool M(SocketException e) => e.SocketErrorCode == SocketError.ConnectionReset;", true)]
    [InlineData("bool M(SocketError code) => code is SocketError.Shutdown;", true)]
    [InlineData("void M() { Action a = () => Console.WriteLine(SocketError.TimedOut); }", true)]
    [InlineData("bool M(SocketException e) => e.ErrorCode == 10054;", false)]
    [InlineData("bool M(SocketShutdown how) => how == SocketShutdown.Send;", false)]
    public void A_body_names_a_SocketError_member(string members, bool expected)
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(members);

        Assert.Equal(expected, BodyFacts.Of(body, semantics).NamesSocketError);
    }

    [Theory]
    [InlineData("bool M(SocketException e) => e.ErrorCode == 10054;", true)]
    [InlineData("bool M(IOException e) => e.HResult == 32;", true)]
    [InlineData("int M(System.ComponentModel.Win32Exception e) => e.NativeErrorCode;", true)]
    [InlineData("bool M(Exception e) => e.Message.Contains(\"reset\");", true)]
    [InlineData("bool M(IOException e) => e is { Message: \"Broken pipe\" };", true)]
    [InlineData("string M(Exception e) => e.ToString();", true)]
    [InlineData("void M() { Func<Exception, bool> f = e => e.Message == \"x\"; }", true)]
    [InlineData("string M(object o, int n) => o.ToString() + n.ToString();", false)]
    [InlineData("bool M(SocketException e) => e.SocketErrorCode == SocketError.ConnectionReset;", false)]
    [InlineData("string M(Exception e) => Describe(e); string Describe(Exception e) => e.ToString();", false)]
    public void A_body_reads_an_exception_s_number_or_text(string members, bool expected)
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(members);

        Assert.Equal(expected, BodyFacts.Of(body, semantics).ReadsExceptionDetail);
    }

    [Fact]
    public void The_reads_that_tell_the_end_of_the_stream_are_listed_in_document_order_with_their_end_values()
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(
            "async Task M(Socket s, NetworkStream ns, StreamReader r, BinaryReader br, byte[] b) {" +
            " s.Receive(b); ns.ReadByte(); await ns.ReadAsync(b, 0, b.Length); r.ReadLine(); br.Read();" +
            " Action a = () => r.Read(new char[4], 0, 4);" +
            " r.ReadToEnd(); ns.ReadExactly(b); s.Send(b); br.ReadInt32(); System.Net.EndPoint from = new System.Net.IPEndPoint(System.Net.IPAddress.Any, 0); s.ReceiveFrom(b, ref from); }");

        var reads = BodyFacts.Of(body, semantics).EndOfStreamReads;

        Assert.Equal(
            new[] { "Receive 0", "ReadByte -1", "ReadAsync 0", "ReadLine null", "Read -1", "Read 0" },
            reads.Select(read => read.Read.TargetMethod.Name + " " + (read.EndValue?.ToString() ?? "null")));
    }

    [Fact]
    public void A_body_without_any_of_them_has_no_facts()
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(
            "int M(int[] xs, string s) { var total = 0; foreach (var x in xs) { total += x; } return total + s.Length; }");

        var facts = BodyFacts.Of(body, semantics);

        Assert.False(facts.NamesConnection);
        Assert.False(facts.NamesSocketError);
        Assert.False(facts.ReadsExceptionDetail);
        Assert.Empty(facts.EndOfStreamReads);
    }

    [Fact]
    public void The_facts_of_a_body_are_walked_once_and_shared_by_the_rules_that_ask_on_the_same_thread()
    {
        var (body, semantics) = MethodBodies.FirstMethodBody("void M(Socket s) { s.Close(); }");
        var (other, otherSemantics) = MethodBodies.FirstMethodBody("void M(Socket s) { s.Close(); }");

        var first = BodyFacts.Of(body, semantics);

        Assert.Same(first, BodyFacts.Of(body, semantics));
        Assert.NotSame(first, BodyFacts.Of(other, otherSemantics));
        Assert.IsAssignableFrom<IMethodBodyOperation>(BodyFacts.RootOf(body.Descendants().Last()));
    }
}
