{{/*
Shared definitions. Node names follow the native network's process names (ca-platform,
peer0-platform, orderer1, cc-platform) so that logs, docs and `make status` speak alike.
*/}}

{{/* The org's name, checked: it becomes part of names, labels and LOULAN_ORG_<ORG>_* variables. */}}
{{- define "loulan.org" -}}
{{- $org := required "org.name is required" .Values.org.name -}}
{{- if not (regexMatch "^[a-z][a-z0-9]{0,30}$" $org) -}}
{{- fail (printf "org.name %q must be lower-case letters and digits, starting with a letter" $org) -}}
{{- end -}}
{{- $org -}}
{{- end -}}

{{- define "loulan.secretPrefix" -}}
{{- default (printf "loulan-%s" (include "loulan.org" .)) .Values.org.secretPrefix -}}
{{- end -}}

{{/* Name of the Secret of one identity: (list $ "peer0") */}}
{{- define "loulan.secret" -}}
{{- printf "%s-%s" (include "loulan.secretPrefix" (index . 0)) (index . 1) -}}
{{- end -}}

{{- define "loulan.caName" -}}ca-{{ include "loulan.org" . }}{{- end -}}
{{- define "loulan.peerName" -}}{{ .Values.peer.name }}-{{ include "loulan.org" . }}{{- end -}}
{{- define "loulan.chaincodeName" -}}cc-{{ include "loulan.org" . }}{{- end -}}
{{- define "loulan.gatewayName" -}}gateway-{{ include "loulan.org" . }}{{- end -}}

{{/* In-cluster DNS name of a Service: (list $ "peer0-platform") */}}
{{- define "loulan.serviceHost" -}}
{{- $ := index . 0 -}}
{{- printf "%s.%s.svc.%s" (index . 1) $.Release.Namespace $.Values.clusterDomain -}}
{{- end -}}

{{/* Labels of every object (loulan.selector's instance label among them). */}}
{{- define "loulan.labels" -}}
app.kubernetes.io/name: loulan
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: loulan
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
loulan.org/org: {{ include "loulan.org" . }}
{{- end -}}

{{/* Selector of one node's pods: (list $ "peer0-platform" "peer") */}}
{{- define "loulan.selector" -}}
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
loulan.org/node: {{ index . 1 }}
{{- end -}}

{{/* All labels of one node's objects and pods: (list $ "peer0-platform" "peer") */}}
{{- define "loulan.nodeLabels" -}}
{{ include "loulan.labels" (index . 0) }}
loulan.org/node: {{ index . 1 }}
app.kubernetes.io/component: {{ index . 2 }}
{{- end -}}

{{- define "loulan.image" -}}
{{- $image := index . 1 -}}
{{- printf "%s:%s" $image.repository (default (index . 0).Chart.AppVersion $image.tag) -}}
{{- end -}}

{{/* Pod-level security: unprivileged user, group-owned volumes, default seccomp profile. */}}
{{- define "loulan.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "loulan.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* What every pod shares: no API token (nothing here talks to Kubernetes), no service links. */}}
{{- define "loulan.podSpecCommon" -}}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  {{- include "loulan.podSecurityContext" . | nindent 2 }}
{{- with .Values.images.pullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
A node's configuration file from the native network's template (files/, copied from
fabric-samples-config/ by sync-files.sh): its double-brace placeholders are replaced with the given
values, and one left over is an error, as network/lib.sh's render makes it.
(list $ "files/core.yaml" (dict "PEER_PORT" 7051 ...))
*/}}
{{- define "loulan.renderNodeConfig" -}}
{{- $text := (index . 0).Files.Get (index . 1) -}}
{{- if not $text -}}
{{- fail (printf "%s is missing from the chart" (index . 1)) -}}
{{- end -}}
{{- range $key, $value := index . 2 -}}
{{- $text = replace (printf "{{%s}}" $key) (toString $value) $text -}}
{{- end -}}
{{- $left := regexFind "\\{\\{\\w+\\}\\}" $text -}}
{{- if $left -}}
{{- fail (printf "%s: %s is not set" (index . 1) $left) -}}
{{- end -}}
{{- $text -}}
{{- end -}}

{{/*
The crypto directory of a Fabric node, laid out as the native network's enrolment leaves it
(msp/ with NodeOU config, tls/): one projected volume of the node's Secret and the org's
msp-config ConfigMap. (list $ "peer0")
*/}}
{{- define "loulan.nodeCryptoVolume" -}}
{{- $ := index . 0 -}}
- name: crypto
  projected:
    defaultMode: 0440
    sources:
      - secret:
          name: {{ include "loulan.secret" (list $ (index . 1)) }}
          items:
            - {key: cert.pem, path: msp/signcerts/cert.pem}
            - {key: key.pem, path: msp/keystore/key.pem}
            - {key: ca.crt, path: msp/cacerts/ca.pem}
            - {key: ca.crt, path: msp/tlscacerts/ca.pem}
            - {key: tls.crt, path: tls/server.crt}
            - {key: tls.key, path: tls/server.key}
            - {key: ca.crt, path: tls/ca.crt}
      - configMap:
          name: {{ include "loulan.org" $ }}-msp-config
          items:
            - {key: config.yaml, path: msp/config.yaml}
{{- end -}}

{{/*
A node's Service, with the ports other members and clients use (its type and annotations from
values, e.g. a LoadBalancer), and its headless twin, the StatefulSet's identity, with every port
(operations and admin stay inside the cluster): (list $ name component service ports publicPorts)
*/}}
{{- define "loulan.nodeServices" -}}
{{- $args := . -}}
{{- $ := index . 0 -}}
{{- $name := index . 1 -}}
{{- $service := index . 3 -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "loulan.nodeLabels" (list $ $name (index . 2)) | nindent 4 }}
  {{- with $service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ $service.type }}
  selector:
    {{- include "loulan.selector" (list $ $name) | nindent 4 }}
  ports:
    {{- range $portName, $port := index . 4 }}
    {{- if has $portName (index $args 5) }}
    - name: {{ $portName }}
      port: {{ $port }}
      targetPort: {{ $portName }}
    {{- end }}
    {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}-hl
  labels:
    {{- include "loulan.nodeLabels" (list $ $name (index . 2)) | nindent 4 }}
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    {{- include "loulan.selector" (list $ $name) | nindent 4 }}
  ports:
    {{- range $portName, $port := index . 4 }}
    - name: {{ $portName }}
      port: {{ $port }}
      targetPort: {{ $portName }}
    {{- end }}
{{- end -}}

{{/* A persistent volume claim template or claim spec of the given size. */}}
{{- define "loulan.claimSpec" -}}
accessModes: [ReadWriteOnce]
{{- with (index . 0).Values.storageClassName }}
storageClassName: {{ . }}
{{- end }}
resources:
  requests:
    storage: {{ index . 1 }}
{{- end -}}
