using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers.Model;

/// <summary>What holds the SocketError a check tests.</summary>
public enum SocketErrorSubjectKind
{
    /// <summary><c>SocketException.SocketErrorCode</c>, of the exception itself or of an inner one.</summary>
    Exception,

    /// <summary><c>SocketAsyncEventArgs.SocketError</c>: the result of an asynchronous operation.</summary>
    AsyncEventArgs,

    /// <summary>A <c>SocketError</c> parameter (a helper such as <c>IsIgnorable(SocketError code)</c>).</summary>
    CodeParameter,
}

/// <summary>The syntactic form of a check; a fix rewrites each form differently.</summary>
public enum SocketErrorCheckForm
{
    /// <summary><c>x == SocketError.A</c> or <c>x != SocketError.A</c> (either operand order).</summary>
    Comparison,

    /// <summary><c>x.Equals(SocketError.A)</c>.</summary>
    EqualsCall,

    /// <summary><c>x is SocketError.A</c>, <c>x is A or B</c>, <c>x is not A</c>.</summary>
    IsPattern,

    /// <summary><c>{ SocketErrorCode: A }</c> in a property pattern.</summary>
    PropertySubpattern,

    /// <summary><c>case SocketError.A:</c> (or a pattern label) of a <c>switch</c> statement.</summary>
    CaseLabel,

    /// <summary>The pattern of a switch expression arm.</summary>
    SwitchArm,
}

/// <summary>A SocketError member named by a check, and the constant operation that names it.</summary>
public readonly struct NamedSocketError
{
    public NamedSocketError(string name, IOperation constant)
    {
        Name = name;
        Constant = constant;
    }

    /// <summary>The member name, e.g. "ConnectionReset".</summary>
    public string Name { get; }

    public IOperation Constant { get; }
}

/// <summary>
/// One place where code tests which SocketError something holds: a comparison, an <c>Equals</c> call, an
/// <c>is</c> pattern, a property subpattern, a case label or a switch arm. Checks by native number or message text
/// are not among them (they read <c>ErrorCode</c>/<c>Message</c>, not a SocketError).
/// </summary>
public sealed class SocketErrorCheck
{
    internal SocketErrorCheck(
        IOperation operation,
        SyntaxNode syntax,
        SocketErrorCheckForm form,
        SocketErrorSubjectKind subjectKind,
        IOperation source,
        ISymbol? root,
        ImmutableArray<NamedSocketError> names,
        bool negated)
    {
        Operation = operation;
        Syntax = syntax;
        Form = form;
        SubjectKind = subjectKind;
        Source = source;
        Root = root;
        Names = names;
        Negated = negated;
    }

    /// <summary>The comparison, invocation, is-pattern, subpattern, case clause or arm pattern.</summary>
    public IOperation Operation { get; }

    /// <summary>Where a rule reports the check: the comparison, pattern, subpattern or case label.</summary>
    public SyntaxNode Syntax { get; }

    public SocketErrorCheckForm Form { get; }

    public SocketErrorSubjectKind SubjectKind { get; }

    /// <summary>The exception, SocketAsyncEventArgs or SocketError parameter whose code is tested (as written, before roots are followed).</summary>
    public IOperation Source { get; }

    /// <summary>
    /// The variable the source comes from: a catch variable, a parameter, a local or a member, followed through
    /// <c>InnerException</c>, <c>GetBaseException()</c>, casts, <c>as</c>, single-assignment locals and pattern
    /// variables (<c>e is SocketException se</c>). Null when it cannot be told.
    /// </summary>
    public ISymbol? Root { get; }

    /// <summary>The SocketError members the check names (whatever its polarity).</summary>
    public ImmutableArray<NamedSocketError> Names { get; }

    /// <summary><c>!=</c> or <c>is not</c>: the check is true for every other code.</summary>
    public bool Negated { get; }

    public bool NamesAny(string name)
    {
        foreach (var named in Names)
        {
            if (named.Name == name)
            {
                return true;
            }
        }

        return false;
    }
}
