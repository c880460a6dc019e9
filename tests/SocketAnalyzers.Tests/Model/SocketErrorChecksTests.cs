using System.Linq;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.Model;
using Xunit;

namespace SocketAnalyzers.Tests.Model;

/// <summary>
/// The one reader of error checks: every form of "which error is this" — a comparison either way round, <c>Equals</c>,
/// <c>is</c> patterns, property subpatterns, case labels, switch arms, text searches, regex matches and collections —
/// is read into the same description: what is tested, what it is compared with, and the polarity.
/// </summary>
public sealed class SocketErrorChecksTests
{
    [Theory]
    [InlineData("bool M(SocketException e) => e.SocketErrorCode == SocketError.ConnectionReset;", "Comparison")]
    [InlineData("bool M(SocketException e) => SocketError.ConnectionReset == e.SocketErrorCode;", "Comparison")]
    [InlineData("bool M(SocketException e) => e.SocketErrorCode.Equals(SocketError.ConnectionReset);", "EqualsCall")]
    [InlineData("bool M(SocketException e) => e.SocketErrorCode is SocketError.ConnectionReset;", "IsPattern")]
    [InlineData("bool M(Exception e) => e is SocketException { SocketErrorCode: SocketError.ConnectionReset };", "PropertySubpattern")]
    [InlineData("bool M(SocketException e) { switch (e.SocketErrorCode) { case SocketError.ConnectionReset: return true; default: return false; } }", "CaseLabel")]
    [InlineData("bool M(SocketException e) => e.SocketErrorCode switch { SocketError.ConnectionReset => true, _ => false };", "SwitchArm")]
    [InlineData("bool M(SocketException e) { var code = e.SocketErrorCode; return code == SocketError.ConnectionReset; }", "Comparison")]
    [InlineData("bool M(Exception e) => (e.InnerException as SocketException)?.SocketErrorCode == SocketError.ConnectionReset;", "Comparison")]
    public void Every_form_of_a_code_check_reads_the_same_subject_root_and_name(string members, string form)
    {
        var (check, body) = OnlyCheck(members);

        Assert.Equal(form, check.Form.ToString());
        Assert.Equal(SocketErrorSubjectKind.Exception, check.SubjectKind);
        Assert.True(check.IsCodeTest);
        Assert.Equal("e", check.Root?.Name);
        Assert.Equal(new[] { "ConnectionReset" }, check.Names.Select(named => named.Name));
        Assert.False(check.Negated);
        Assert.True(check.IsAlternatives);
        Assert.NotNull(body);
    }

    [Theory]
    [InlineData("bool M(SocketException e) => (int)e.SocketErrorCode == 10054;", "ConnectionReset")]
    [InlineData("bool M(SocketException e) => 10053 == (int)e.SocketErrorCode;", "ConnectionAborted")]
    [InlineData("bool M(SocketException e) => (int)e.SocketErrorCode is 10058;", "Shutdown")]
    [InlineData("bool M(SocketException e) => e.SocketErrorCode == (SocketError)10054;", "ConnectionReset")]
    [InlineData("bool M(SocketException e) => (int)e.SocketErrorCode == (int)SocketError.ConnectionReset;", "ConnectionReset")]
    [InlineData("bool M(SocketException e) { switch ((int)e.SocketErrorCode) { case 10035: return true; default: return false; } }", "WouldBlock")]
    public void A_code_compared_as_a_number_names_the_member_of_that_value(string members, string name)
    {
        var (check, _) = OnlyCheck(members);

        Assert.Equal(SocketErrorSubjectKind.Exception, check.SubjectKind);
        Assert.True(check.IsCodeTest);
        Assert.Equal("e", check.Root?.Name);
        Assert.Equal(new[] { name }, check.Names.Select(named => named.Name));
    }

    [Theory]
    [InlineData("bool M(SocketException e) => e.SocketErrorCode != SocketError.Shutdown;")]
    [InlineData("bool M(SocketException e) => e.SocketErrorCode is not SocketError.Shutdown;")]
    [InlineData("bool M(SocketException e) => e.SocketErrorCode is not (SocketError.Shutdown or SocketError.ConnectionReset);")]
    [InlineData("bool M(Exception e) => e is SocketException { SocketErrorCode: not SocketError.Shutdown };")]
    public void A_negated_check_is_read_as_negated_alternatives(string members)
    {
        var (check, _) = OnlyCheck(members);

        Assert.True(check.Negated);
        Assert.True(check.IsAlternatives);
        Assert.True(check.IsNegatedAlternatives);
        Assert.Contains("Shutdown", check.Names.Select(named => named.Name));
    }

    [Theory]
    [InlineData("bool M(SocketError code) => code is SocketError.TimedOut or SocketError.WouldBlock;", true, false)]
    [InlineData("bool M(SocketError code) => code is SocketError.TimedOut and not SocketError.WouldBlock;", false, true)]
    [InlineData("bool M(SocketError code) => code is not not SocketError.TimedOut;", false, false)]
    public void Alternatives_are_only_or_chains_under_at_most_one_not_at_the_top(string members, bool alternatives, bool negated)
    {
        var (check, _) = OnlyCheck(members);

        Assert.Equal(SocketErrorSubjectKind.CodeParameter, check.SubjectKind);
        Assert.Equal(alternatives, check.IsAlternatives);
        Assert.Equal(negated, check.Negated);
        Assert.Equal("code", check.Root?.Name);
    }

    [Fact]
    public void The_event_args_of_a_completion_are_the_subject_of_their_SocketError()
    {
        var (check, _) = OnlyCheck("void M(SocketAsyncEventArgs args) { if (args.SocketError != SocketError.Success) { } }");

        Assert.Equal(SocketErrorSubjectKind.AsyncEventArgs, check.SubjectKind);
        Assert.Equal("args", check.Root?.Name);
        Assert.True(check.Negated);
    }

    [Theory]
    [InlineData("bool M(SocketException e) => e.ErrorCode == 10054;", "NativeNumber", "Comparison", 10054)]
    [InlineData("bool M(SocketException e) => 10054 == e.NativeErrorCode;", "NativeNumber", "Comparison", 10054)]
    [InlineData("bool M(IOException e) => e.HResult.Equals(32);", "NativeNumber", "EqualsCall", 32)]
    [InlineData("bool M(SocketException e) => e.ErrorCode is 104 or 10054;", "NativeNumber", "IsPattern", 104)]
    [InlineData("bool M(Exception e) => e is SocketException { ErrorCode: 10054 };", "NativeNumber", "PropertySubpattern", 10054)]
    [InlineData("bool M(SocketException e) { var n = e.ErrorCode; return n == 10054; }", "NativeNumber", "Comparison", 10054)]
    [InlineData("bool M(SocketException e) => System.Linq.Enumerable.Contains(new[] { 10054, 104 }, e.ErrorCode);", "NativeNumber", "CollectionContains", 10054)]
    [InlineData("bool M(Exception e) => e.Message.Contains(\"reset\");", "Text", "TextSearch", "reset")]
    [InlineData("bool M(Exception e) => e.Message.ToLowerInvariant() == \"broken pipe\";", "Text", "Comparison", "broken pipe")]
    [InlineData("bool M(Exception e) => System.Text.RegularExpressions.Regex.IsMatch(e.Message, \"reset\");", "Text", "RegexMatch", "reset")]
    [InlineData("bool M(SocketException e) => (SocketError)e.ErrorCode == SocketError.ConnectionReset;", "NativeNumberAsSocketError", "Comparison", (int)System.Net.Sockets.SocketError.ConnectionReset)]
    public void A_native_number_or_text_is_read_with_the_constants_it_is_compared_with(string members, string subject, string form, object first)
    {
        var (check, _) = OnlyCheck(members);

        Assert.Equal(subject, check.SubjectKind.ToString());
        Assert.Equal(form, check.Form.ToString());
        Assert.Same(check.Detail!.Receiver, check.Source);
        Assert.Equal(first, check.Compared[0].Value);
        Assert.False(check.IsCodeTest);
    }

    [Fact]
    public void A_value_compared_with_SocketError_members_that_cannot_be_traced_is_read_without_a_root()
    {
        var (check, _) = OnlyCheck("bool M(Func<SocketError> f) => f() == SocketError.TimedOut;");

        Assert.Equal(SocketErrorSubjectKind.Untraced, check.SubjectKind);
        Assert.Null(check.Root);
        Assert.False(check.IsCodeTest);
        Assert.Equal(new[] { "TimedOut" }, check.Names.Select(named => named.Name));
    }

    [Theory]
    [InlineData("bool M(SocketException e) => SocketError.Shutdown.Equals(e.SocketErrorCode);")]
    [InlineData("bool M(SocketException e, SocketError expected) => e.SocketErrorCode == expected;")]
    [InlineData("bool M(SocketException e) => e.SocketErrorCode is var code;")]
    public void A_code_that_is_not_compared_with_a_member_is_not_a_code_test(string members)
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(members);

        var checks = SocketErrorChecks.ForBodyOf(body, semantics.Model).ChecksIn(body, intoFunctions: true).ToList();

        Assert.DoesNotContain(checks, check => check.IsCodeTest);
    }

    [Fact]
    public void A_switch_is_one_check_per_label_and_the_default_is_none()
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(
            "int M(SocketException e) { switch (e.ErrorCode) { case 104: case 10054: return 1; case 32: return 2; default: return 0; } }");

        var checks = SocketErrorChecks.ForBodyOf(body, semantics.Model).ChecksIn(body, intoFunctions: true).ToList();

        Assert.Equal(new object?[] { 104, 10054, 32 }, checks.Select(check => check.Compared.Single().Value));
        Assert.All(checks, check => Assert.Equal(SocketErrorCheckForm.CaseLabel, check.Form));
    }

    private static (SocketErrorCheck Check, IOperation Body) OnlyCheck(string members)
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(members);
        var checks = SocketErrorChecks.ForBodyOf(body, semantics.Model).ChecksIn(body, intoFunctions: true).ToList();
        return (Assert.Single(checks), body);
    }
}
