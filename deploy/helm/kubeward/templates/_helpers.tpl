{{/* Names and labels shared by every template. */}}
{{- define "kubeward.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kubeward.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "kubeward.labels" -}}
app.kubernetes.io/name: {{ include "kubeward.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: kubeward
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "kubeward.selector" -}}
app.kubernetes.io/name: {{ include "kubeward.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kubeward.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "kubeward.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "kubeward.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* Pod-level hardening: non-root numeric user, RuntimeDefault seccomp, no root group for volumes. */}}
{{- define "kubeward.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level hardening: read-only root, no privilege escalation, every capability dropped. */}}
{{- define "kubeward.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Database connection and credentials, from the existing Secret only. */}}
{{- define "kubeward.databaseEnv" -}}
- name: KUBEWARD_DB_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "database.existingSecret is required (an external PostgreSQL)" .Values.database.existingSecret }}
      key: {{ .Values.database.urlKey }}
- name: KUBEWARD_DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.usernameKey }}
- name: KUBEWARD_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.passwordKey }}
- name: SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE
  value: {{ .Values.database.maxPoolSize | quote }}
{{- end -}}

{{/* Egress both roles need: DNS, PostgreSQL, the Kubernetes API, HTTPS (registries, advisory feeds, notifications). */}}
{{- define "kubeward.egressRules" -}}
- ports:
    - {port: 53, protocol: UDP}
    - {port: 53, protocol: TCP}
- ports:
    - {port: {{ .Values.networkPolicy.postgresPort }}, protocol: TCP}
- ports:
    {{- range .Values.networkPolicy.apiServerPorts }}
    - {port: {{ . }}, protocol: TCP}
    {{- end }}
{{- with .Values.networkPolicy.extraEgress }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The server port's scheme: HTTPS when admission is on (the API server calls webhooks over TLS only). */}}
{{- define "kubeward.scheme" -}}
{{- if .Values.admission.enabled -}}https{{- else -}}http{{- end -}}
{{- end -}}

{{/* The advisory database: each pod's own folder in its data volume, and the periodic update (shared through
PostgreSQL). KUBEWARD_DB_DIR is read by the server and by `kubeward db ...` run in the pod, so an import there
lands where the server reads. */}}
{{- define "kubeward.advisoriesEnv" -}}
- name: KUBEWARD_DB_DIR
  value: /var/lib/kubeward/advisories
{{- if .Values.advisories.autoUpdate.enabled }}
- name: KUBEWARD_ADVISORIES_UPDATE_INTERVAL
  value: {{ required "advisories.autoUpdate.interval is required when advisories.autoUpdate.enabled is true" .Values.advisories.autoUpdate.interval | quote }}
{{- end }}
{{- with .Values.advisories.mirror }}
- name: KUBEWARD_ADVISORIES_UPDATE_MIRROR
  value: {{ . | quote }}
- name: KUBEWARD_DB_MIRROR
  value: {{ . | quote }}
{{- end }}
{{- end -}}
