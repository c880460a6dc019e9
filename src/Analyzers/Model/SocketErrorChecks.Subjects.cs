using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>What a check tests: a code, an exception's number or text, or an untraced value; and where a code comes from.</summary>
public sealed partial class SocketErrorChecks
{
    /// <summary>
    /// The variable an exception, SocketAsyncEventArgs or code expression comes from (see <see cref="SocketErrorCheck.Root"/>).
    /// </summary>
    public ISymbol? RootOf(IOperation? operation) => RootOf(operation, 0);

    /// <summary>
    /// When <paramref name="value"/> reads a SocketError — <c>e.SocketErrorCode</c>, <c>(x as SocketException)?.SocketErrorCode</c>,
    /// <c>args.SocketError</c>, a SocketError parameter, or a local copied once from one of them — what holds it.
    /// </summary>
    public bool TryReadCode(IOperation value, out SocketErrorSubjectKind kind, out IOperation source)
    {
        if (ReadCode(value) is { } subject)
        {
            kind = subject.Kind;
            source = subject.Source;
            return true;
        }

        kind = default;
        source = null!;
        return false;
    }

    private static bool IsCode(SocketErrorSubjectKind kind) =>
        kind is SocketErrorSubjectKind.Exception or SocketErrorSubjectKind.AsyncEventArgs or SocketErrorSubjectKind.CodeParameter;

    /// <summary>A code, else an exception's number or text, else — when a SocketError member is compared with it — an untraced value.</summary>
    private Subject? SubjectOf(IOperation value, ImmutableArray<ComparedConstant> constants) =>
        ReadCode(value) ?? (ReadDetail(value) is { } detail ? Subject.Of(detail) : null) ??
        (NamesSocketError(constants) ? new Subject(SocketErrorSubjectKind.Untraced, value, null) : null);

    private Subject? SubjectOf(IOperation value, List<ImmutableArray<ComparedConstant>> constantsPerLabel)
    {
        if (ReadCode(value) is { } code)
        {
            return code;
        }

        if (ReadDetail(value) is { } detail)
        {
            return Subject.Of(detail);
        }

        foreach (var constants in constantsPerLabel)
        {
            if (NamesSocketError(constants))
            {
                return new Subject(SocketErrorSubjectKind.Untraced, value, null);
            }
        }

        return null;
    }

    /// <summary><c>{ SocketErrorCode: ... }</c>, <c>{ ErrorCode: ... }</c>, <c>{ Message: ... }</c>: the member says what is tested.</summary>
    private Subject? SubjectOfMember(IPropertyReferenceOperation member, IOperation instance, ImmutableArray<ComparedConstant> constants)
    {
        if (CodeKindOf(member.Property) is { } kind)
        {
            return new Subject(kind, instance, null);
        }

        ExceptionDetailKind? detail = _model.IsNativeErrorNumberProperty(member.Property) ? ExceptionDetailKind.Number
            : _model.IsExceptionMessageProperty(member.Property) ? ExceptionDetailKind.Text
            : null;
        if (detail is { } detailKind)
        {
            // The receiver of `SocketException { ErrorCode: 104 }` is the pattern's input, narrowed to its type.
            var receiverType = instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.PatternInput } && member.Parent?.Parent is IRecursivePatternOperation recursive
                ? recursive.MatchedType
                : instance.Type;
            return Subject.Of(new ExceptionDetail(
                detailKind, instance, member.Property.Name, cast: null, viaLocal: false, viaConditionalAccess: false, IsSocketExceptionNumber(member.Property, receiverType)));
        }

        return NamesSocketError(constants) ? new Subject(SocketErrorSubjectKind.Untraced, member, null) : null;
    }

    private static bool NamesSocketError(ImmutableArray<ComparedConstant> constants)
    {
        foreach (var constant in constants)
        {
            if (constant.SocketErrorName is not null)
            {
                return true;
            }
        }

        return false;
    }

    private Subject? ReadCode(IOperation value)
    {
        for (var steps = 0; steps < MaxSteps; steps++)
        {
            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    value = parenthesized.Operand;
                    continue;
                case IConditionalAccessOperation conditionalAccess:
                    value = conditionalAccess.WhenNotNull;
                    continue;
                case IPropertyReferenceOperation { Instance: { } instance } property when CodeKindOf(property.Property) is { } kind:
                    return new Subject(kind, instance is IConditionalAccessInstanceOperation conditional ? OperationInputs.ConditionalAccessReceiver(conditional) ?? instance : instance, null);
                case IParameterReferenceOperation parameter when _model.IsSocketErrorType(parameter.Type):
                    return new Subject(SocketErrorSubjectKind.CodeParameter, parameter, null);
                case ILocalReferenceOperation local when _model.IsSocketErrorType(NonNullable(local.Type)) && LocalValues().TryGetValue(local.Local, out var copied):
                    value = copied;
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Which exception detail a compared value is: the message, a native number or a cast of one, read from an
    /// exception directly, through string case conversions, through a local assigned only that value, or through <c>?.</c>.
    /// </summary>
    private ExceptionDetail? ReadDetail(IOperation? operation)
    {
        var viaLocal = false;
        var viaConditional = false;
        IConversionOperation? cast = null;
        for (var steps = 0; operation is not null && steps < MaxDetailSteps; steps++)
        {
            switch (operation)
            {
                case IConversionOperation conversion when cast is null && _model.IsSocketErrorType(conversion.Type):
                    if (conversion.IsImplicit || conversion.OperatorMethod is not null)
                    {
                        return null;
                    }

                    cast = conversion;
                    operation = conversion.Operand;
                    continue;

                case IConversionOperation conversion:
                    // Numeric widening/narrowing ((long)e.HResult), boxing for Equals(object); nothing user-defined.
                    if (conversion.OperatorMethod is not null || conversion.Type is { TypeKind: TypeKind.Enum })
                    {
                        return null;
                    }

                    operation = conversion.Operand;
                    continue;

                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;

                case IConditionalAccessOperation conditionalAccess:
                    viaConditional = true;
                    operation = conditionalAccess.WhenNotNull;
                    continue;

                case IPropertyReferenceOperation { Instance: { } instance } property when _model.IsNativeErrorNumberProperty(property.Property):
                    var receiver = ResolveConditionalInstance(instance, ref viaConditional);
                    return new ExceptionDetail(
                        cast is null ? ExceptionDetailKind.Number : ExceptionDetailKind.Cast,
                        receiver,
                        property.Property.Name,
                        cast,
                        viaLocal,
                        viaConditional,
                        IsSocketExceptionNumber(property.Property, receiver.Type));

                case IPropertyReferenceOperation { Instance: { } instance } property when cast is null && _model.IsExceptionMessageProperty(property.Property):
                    return new ExceptionDetail(ExceptionDetailKind.Text, ResolveConditionalInstance(instance, ref viaConditional), "Message", null, viaLocal, viaConditional);

                case IInvocationOperation { Instance: { } instance } invocation when cast is null && _model.IsExceptionToString(invocation):
                    return new ExceptionDetail(ExceptionDetailKind.Text, ResolveConditionalInstance(instance, ref viaConditional), "ToString()", null, viaLocal, viaConditional);

                case IInvocationOperation { Instance: { } instance, TargetMethod: { } method }
                    when cast is null && method.ContainingType?.SpecialType == SpecialType.System_String &&
                         method.Name is "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant" or "Trim" or "TrimStart" or "TrimEnd":
                    operation = ResolveConditionalInstance(instance, ref viaConditional);
                    continue;

                case IConditionalAccessInstanceOperation conditionalInstance:
                    operation = ResolveConditionalInstance(conditionalInstance, ref viaConditional);
                    if (operation is IConditionalAccessInstanceOperation)
                    {
                        return null;
                    }

                    continue;

                case ILocalReferenceOperation local when OperationInputs.TryGetSingleValue(local, out var value):
                    viaLocal = true;
                    operation = value;
                    continue;

                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary><c>ErrorCode</c> or <c>NativeErrorCode</c> read from a receiver statically typed SocketException.</summary>
    private bool IsSocketExceptionNumber(IPropertySymbol property, ITypeSymbol? receiverType) =>
        property.Name is "ErrorCode" or "NativeErrorCode" && _model.IsSocketException(receiverType);

    /// <summary>The receiver of <c>x?.Message</c> is x (and the read is then through <c>?.</c>).</summary>
    private static IOperation ResolveConditionalInstance(IOperation instance, ref bool viaConditional)
    {
        if (instance is IConditionalAccessInstanceOperation conditionalInstance &&
            OperationInputs.ConditionalAccessReceiver(conditionalInstance) is { } receiver)
        {
            viaConditional = true;
            return receiver;
        }

        return instance;
    }

    private SocketErrorSubjectKind? CodeKindOf(IPropertySymbol property)
    {
        if (property.Name == "SocketErrorCode" && _model.IsSocketException(property.ContainingType))
        {
            return SocketErrorSubjectKind.Exception;
        }

        if (property.Name == "SocketError" && ConnectionModel.InheritsFrom(property.ContainingType, _model.SocketAsyncEventArgs))
        {
            return SocketErrorSubjectKind.AsyncEventArgs;
        }

        return null;
    }

    private ISymbol? RootOf(IOperation? operation, int depth)
    {
        for (var steps = depth; operation is not null && steps < MaxSteps; steps++)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                case IPropertyReferenceOperation { Property.Name: "InnerException", Instance: { } instance }:
                    operation = instance;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "GetBaseException", Instance: { } instance }:
                    operation = instance;
                    continue;
                case IPropertyReferenceOperation { Instance: { } instance } code when CodeKindOf(code.Property) is not null:
                    // A code read from a local copy: `var code = e.SocketErrorCode;` → e.
                    operation = instance;
                    continue;
                case IConditionalAccessInstanceOperation conditionalInstance:
                    operation = OperationInputs.ConditionalAccessReceiver(conditionalInstance);
                    continue;
                case IConditionalAccessOperation conditionalAccess:
                    operation = conditionalAccess.WhenNotNull;
                    continue;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.PatternInput } patternInput:
                    operation = OperationInputs.PatternInputOfInstance(patternInput);
                    continue;
                case ILocalReferenceOperation local:
                    if (LocalValues().TryGetValue(local.Local, out var value))
                    {
                        // A copy of another variable is that variable; a local made here (`var args = new ...`) is its own root.
                        return RootOf(value, steps + 1) ?? local.Local;
                    }

                    if (PatternLocals().TryGetValue(local.Local, out var pattern))
                    {
                        operation = OperationInputs.PatternInput(pattern);
                        continue;
                    }

                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } field:
                    return field.Field.OriginalDefinition;
                case IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }, Arguments.IsEmpty: true } property:
                    return property.Property.OriginalDefinition;
                default:
                    return null;
            }
        }

        return null;
    }

    private static ITypeSymbol? NonNullable(ITypeSymbol? type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable
            ? nullable.TypeArguments[0]
            : type;

    /// <summary>Locals of the body assigned once (lambdas included: a code copied outside is read inside).</summary>
    private IReadOnlyDictionary<ILocalSymbol, IOperation> LocalValues() => ValueOrigins.AssignedOnceInBody(_root);

    private Dictionary<ILocalSymbol, IPatternOperation> PatternLocals()
    {
        if (Volatile.Read(ref _patternLocals) is null)
        {
            var locals = new Dictionary<ILocalSymbol, IPatternOperation>(SymbolEqualityComparer.Default);
            foreach (var operation in Descendants(_root))
            {
                switch (operation)
                {
                    case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared } declaration:
                        locals[declared] = declaration;
                        break;
                    case IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol declared } recursive:
                        locals[declared] = recursive;
                        break;
                }
            }

            // Built completely, then published: two threads may both build it, and either table is the same.
            Volatile.Write(ref _patternLocals, locals);
        }

        return _patternLocals!;
    }

    /// <summary>What a check tests: its kind, what holds it, and for a number or text how it is read.</summary>
    private sealed class Subject
    {
        public Subject(SocketErrorSubjectKind kind, IOperation source, ExceptionDetail? detail)
        {
            Kind = kind;
            Source = source;
            Detail = detail;
        }

        public SocketErrorSubjectKind Kind { get; }

        public IOperation Source { get; }

        public ExceptionDetail? Detail { get; }

        public static Subject Of(ExceptionDetail detail) => new(
            detail.Kind switch
            {
                ExceptionDetailKind.Number => SocketErrorSubjectKind.NativeNumber,
                ExceptionDetailKind.Text => SocketErrorSubjectKind.Text,
                _ => SocketErrorSubjectKind.NativeNumberAsSocketError,
            },
            detail.Receiver,
            detail);
    }
}
