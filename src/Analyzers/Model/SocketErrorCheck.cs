using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers.Model;

/// <summary>What a check tests: a SocketError value, or the native number or text an exception carries.</summary>
public enum SocketErrorSubjectKind
{
    /// <summary><c>SocketException.SocketErrorCode</c>, of the exception itself or of an inner one.</summary>
    Exception,

    /// <summary><c>SocketAsyncEventArgs.SocketError</c>: the result of an asynchronous operation.</summary>
    AsyncEventArgs,

    /// <summary>A <c>SocketError</c> parameter (a helper such as <c>IsIgnorable(SocketError code)</c>).</summary>
    CodeParameter,

    /// <summary>An exception's <c>ErrorCode</c>, <c>NativeErrorCode</c> or <c>HResult</c>: a number that differs per OS.</summary>
    NativeNumber,

    /// <summary>An exception's <c>Message</c> or <c>ToString()</c>: localized text.</summary>
    Text,

    /// <summary><c>(SocketError)e.ErrorCode</c>: a native number read as if it were a SocketError.</summary>
    NativeNumberAsSocketError,

    /// <summary>A value compared with SocketError members whose origin cannot be told (a call's result, a captured value).</summary>
    Untraced,
}

/// <summary>The syntactic form of a check; a fix rewrites each form differently.</summary>
public enum SocketErrorCheckForm
{
    /// <summary><c>x == SocketError.A</c> or <c>x != SocketError.A</c> (either operand order).</summary>
    Comparison,

    /// <summary><c>x.Equals(SocketError.A)</c> (for an exception's number or text, <c>Equals</c> in any operand order).</summary>
    EqualsCall,

    /// <summary><c>x is SocketError.A</c>, <c>x is A or B</c>, <c>x is not A</c>.</summary>
    IsPattern,

    /// <summary><c>{ SocketErrorCode: A }</c> in a property pattern.</summary>
    PropertySubpattern,

    /// <summary><c>case SocketError.A:</c> (or a pattern label) of a <c>switch</c> statement.</summary>
    CaseLabel,

    /// <summary>The pattern of a switch expression arm.</summary>
    SwitchArm,

    /// <summary><c>e.Message.Contains("reset")</c>, <c>StartsWith</c>, <c>EndsWith</c>, <c>IndexOf</c>, <c>LastIndexOf</c>.</summary>
    TextSearch,

    /// <summary><c>Regex.IsMatch(e.Message, "reset")</c> or <c>Match</c>: the constant is a regex pattern.</summary>
    RegexMatch,

    /// <summary><c>codes.Contains(e.ErrorCode)</c>: the constants are the elements of an array, list or set.</summary>
    CollectionContains,
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

/// <summary>One constant a check compares its subject with, and whether it is under <c>!=</c> or <c>not</c>.</summary>
internal readonly struct ComparedConstant
{
    public ComparedConstant(object? value, bool isSocketError, string? socketErrorName = null, IOperation? operation = null, bool negated = false)
    {
        Value = value;
        IsSocketError = isSocketError;
        SocketErrorName = socketErrorName;
        Operation = operation;
        Negated = negated;
    }

    /// <summary>The constant's value; null when the compared operand is not a constant (it may cover any case).</summary>
    public object? Value { get; }

    /// <summary>The constant is of type SocketError.</summary>
    public bool IsSocketError { get; }

    /// <summary>The SocketError member it names (<c>SocketError.ConnectionReset</c> → "ConnectionReset"), or null.</summary>
    public string? SocketErrorName { get; }

    /// <summary>The constant's operation, without implicit conversions; null for a literal read from another file's initializer.</summary>
    public IOperation? Operation { get; }

    /// <summary>Under <c>!=</c> or an odd number of <c>not</c>: the check holds for values other than this one.</summary>
    public bool Negated { get; }
}

/// <summary>
/// One place where code tests what error something holds: a comparison, an <c>Equals</c> call, an <c>is</c>
/// pattern, a property subpattern, a case label, a switch arm, a text search, a regex match or a collection's
/// <c>Contains</c>. It says what is tested (<see cref="SubjectKind"/>, <see cref="Source"/>), what with
/// (<see cref="Compared"/>, <see cref="Names"/>) and with which polarity; what that means is the asker's judgement.
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
        ExceptionDetail? detail,
        ImmutableArray<ComparedConstant> compared,
        bool isAlternatives)
    {
        Operation = operation;
        Syntax = syntax;
        Form = form;
        SubjectKind = subjectKind;
        Source = source;
        Root = root;
        Detail = detail;
        Compared = compared;
        IsAlternatives = isAlternatives;
        var names = ImmutableArray.CreateBuilder<NamedSocketError>();
        foreach (var constant in compared)
        {
            if (constant is { SocketErrorName: { } name, Operation: { } named })
            {
                names.Add(new NamedSocketError(name, named));
                Negated |= constant.Negated;
            }
        }

        Names = names.ToImmutable();
    }

    /// <summary>The comparison, invocation, is-pattern, subpattern, case clause or arm.</summary>
    public IOperation Operation { get; }

    /// <summary>Where a rule reports the check: the comparison, call, pattern, subpattern, case label or arm pattern.</summary>
    public SyntaxNode Syntax { get; }

    public SocketErrorCheckForm Form { get; }

    public SocketErrorSubjectKind SubjectKind { get; }

    /// <summary>
    /// What holds the tested value, as written: the exception, SocketAsyncEventArgs or SocketError parameter of a
    /// code; the exception of a number or text; the value itself when it is <see cref="SocketErrorSubjectKind.Untraced"/>.
    /// </summary>
    public IOperation Source { get; }

    /// <summary>
    /// For a code (<see cref="IsOfCode"/>), the variable the source comes from: a catch variable, a parameter, a local
    /// or a member, followed through <c>InnerException</c>, <c>GetBaseException()</c>, casts, <c>as</c>,
    /// single-assignment locals and pattern variables (<c>e is SocketException se</c>). Null when it cannot be told.
    /// </summary>
    public ISymbol? Root { get; }

    /// <summary>For a native number or text, how it is read from the exception; null for a code.</summary>
    internal ExceptionDetail? Detail { get; }

    /// <summary>Every constant compared, in source order (for a switch, those of this label or arm).</summary>
    internal ImmutableArray<ComparedConstant> Compared { get; }

    /// <summary>
    /// The constants are a plain list of alternatives — one constant, <c>A or B</c>, <c>not (A or B)</c> — so the check
    /// is "the subject is one of them" or, when they are negated, its opposite. False for <c>and</c>, a nested <c>not</c>,
    /// or a pattern that is not made of constants.
    /// </summary>
    public bool IsAlternatives { get; }

    /// <summary>The SocketError members the check names (whatever its polarity).</summary>
    public ImmutableArray<NamedSocketError> Names { get; }

    /// <summary>A SocketError member it names is under <c>!=</c> or <c>not</c>: the check is true for every other code.</summary>
    public bool Negated { get; }

    /// <summary>The subject is a SocketError value read from an exception, event args or parameter.</summary>
    public bool IsOfCode => SubjectKind is SocketErrorSubjectKind.Exception or SocketErrorSubjectKind.AsyncEventArgs or SocketErrorSubjectKind.CodeParameter;

    /// <summary>A check of a code that names at least one SocketError member: a handler's decision by code.</summary>
    public bool IsCodeTest => IsOfCode && !Names.IsEmpty;

    /// <summary>The compared constants are alternatives, all negated (<c>!=</c>, <c>is not (A or B)</c>).</summary>
    internal bool IsNegatedAlternatives => IsAlternatives && !Compared.IsEmpty && Compared[0].Negated;

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
