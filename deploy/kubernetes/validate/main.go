// Command validate checks Kubernetes manifests offline: the output of `helm template` (plus
// the Secrets deploy/kubernetes/secrets.sh writes) as one multi-document YAML stream.
//
// No cluster and no schema download are needed: every document is decoded strictly into its
// typed object from k8s.io/api (an unknown or misspelt field, a wrong type or an unparsable
// quantity is an error, as the API server's strict field validation would report), and then the
// objects are checked against each other: selectors against pod labels, Services against ports,
// StatefulSets against their headless Service and claim templates, every Secret, ConfigMap and
// PersistentVolumeClaim a pod uses against the objects of the stream, and the project's own
// rules (probes, resources, non-root read-only containers, the gateway's /readyz and /healthz).
//
// Usage: validate FILE...   ("-" reads standard input). Exit status 1 lists every problem found.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// The kinds a Loulan chart may render. Anything else is refused rather than passed unchecked.
var kinds = map[string]func() any{
	"v1/ConfigMap":                       func() any { return &corev1.ConfigMap{} },
	"v1/Secret":                          func() any { return &corev1.Secret{} },
	"v1/Service":                         func() any { return &corev1.Service{} },
	"v1/ServiceAccount":                  func() any { return &corev1.ServiceAccount{} },
	"v1/PersistentVolumeClaim":           func() any { return &corev1.PersistentVolumeClaim{} },
	"apps/v1/StatefulSet":                func() any { return &appsv1.StatefulSet{} },
	"apps/v1/Deployment":                 func() any { return &appsv1.Deployment{} },
	"networking.k8s.io/v1/NetworkPolicy": func() any { return &networkingv1.NetworkPolicy{} },
	"policy/v1/PodDisruptionBudget":      func() any { return &policyv1.PodDisruptionBudget{} },
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: validate FILE... (- for standard input)")
		os.Exit(2)
	}
	var stream bytes.Buffer
	for _, name := range os.Args[1:] {
		data, err := readInput(name)
		if err != nil {
			fmt.Fprintf(os.Stderr, "validate: %v\n", err)
			os.Exit(2)
		}
		// Files are joined as separate documents, whatever their last line is.
		stream.Write(data)
		stream.WriteString("\n---\n")
	}
	set, problems := decodeAll(&stream)
	problems = append(problems, check(set)...)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, "invalid:", p)
		}
		fmt.Fprintf(os.Stderr, "validate: %d problem(s) in %d object(s)\n", len(problems), len(set.objects))
		os.Exit(1)
	}
	fmt.Printf("validate: %d objects valid (%s)\n", len(set.objects), set.summary())
}

func readInput(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(name)
}

// object is one decoded document, with where it came from for messages.
type object struct {
	kind   string // e.g. "StatefulSet"
	name   string
	source string // helm's "# Source:" comment, or the document's position
	value  any    // the typed object, a pointer
}

func (o object) String() string { return o.kind + "/" + o.name + " (" + o.source + ")" }

// objectSet indexes the decoded objects by kind and name.
type objectSet struct {
	objects []object
	byKey   map[string]object // "Kind/name"
}

func (s *objectSet) get(kind, name string) (object, bool) {
	o, ok := s.byKey[kind+"/"+name]
	return o, ok
}

func (s *objectSet) summary() string {
	counts := map[string]int{}
	for _, o := range s.objects {
		counts[o.kind]++
	}
	var parts []string
	for kind, n := range counts {
		parts = append(parts, fmt.Sprintf("%d %s", n, kind))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// decodeAll splits the stream into documents and decodes each strictly into its typed object.
func decodeAll(r io.Reader) (*objectSet, []string) {
	set := &objectSet{byKey: map[string]object{}}
	var problems []string
	reader := utilyaml.NewYAMLReader(bufio.NewReader(r))
	for index := 1; ; index++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("document %d: %v", index, err))
			break
		}
		source := sourceOf(doc, index)
		if isEmpty(doc) {
			continue
		}
		var meta metav1.TypeMeta
		if err := yaml.Unmarshal(doc, &meta); err != nil {
			problems = append(problems, fmt.Sprintf("%s: not a YAML object: %v", source, err))
			continue
		}
		newObject, known := kinds[meta.APIVersion+"/"+meta.Kind]
		if !known {
			problems = append(problems, fmt.Sprintf("%s: apiVersion %q kind %q is not one this validator knows", source, meta.APIVersion, meta.Kind))
			continue
		}
		value := newObject()
		// Strict: unknown fields and duplicate keys are errors, types must match the API's.
		if err := yaml.UnmarshalStrict(doc, value); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s: %v", source, meta.Kind, err))
			continue
		}
		o := object{kind: meta.Kind, name: metaOf(value).Name, source: source, value: value}
		key := o.kind + "/" + o.name
		if previous, dup := set.byKey[key]; dup {
			problems = append(problems, fmt.Sprintf("%s: %s is defined twice (also in %s)", source, key, previous.source))
			continue
		}
		set.byKey[key] = o
		set.objects = append(set.objects, o)
	}
	return set, problems
}

// sourceOf names a document by helm's "# Source: chart/templates/x.yaml" line when it has one.
func sourceOf(doc []byte, index int) string {
	for _, line := range strings.Split(string(doc), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "# Source:"); ok {
			return strings.TrimSpace(rest)
		}
	}
	return fmt.Sprintf("document %d", index)
}

// isEmpty is true for a document of only comments and blank lines (helm leaves such ones).
func isEmpty(doc []byte) bool {
	for _, line := range strings.Split(string(doc), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") && line != "---" {
			return false
		}
	}
	return true
}

// metaOf returns the ObjectMeta of any of the known kinds.
func metaOf(value any) *metav1.ObjectMeta {
	return value.(metav1.ObjectMetaAccessor).GetObjectMeta().(*metav1.ObjectMeta)
}
